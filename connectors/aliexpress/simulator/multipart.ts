import { SimHttpError } from '../../sdk/simulator';

/**
 * A small multipart/form-data reader, for the one call that sends a file
 * (aliexpress.photobank.redefining.uploadimageforsdk: `image_bytes`). Text parts are parameters
 * (signed); parts with a filename are files (left out of the signature, aliexpress.md §3).
 * The kit hands bodies over as UTF-8 text, so a file's bytes are only measured, never used.
 */

export interface FilePart {
  filename: string;
  contentType: string | null;
  /** Length of the part as received (an approximation of the file size). */
  size: number;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: Record<string, FilePart>;
}

export function isMultipart(contentType: string | undefined): boolean {
  return /^multipart\/form-data\b/i.test(contentType ?? '');
}

export function parseMultipart(body: string, contentType: string): MultipartBody {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw new SimHttpError(400, 'multipart body without a boundary');
  const out: MultipartBody = { fields: {}, files: {} };
  const delimiter = `--${boundary}`;
  for (const chunk of body.split(delimiter).slice(1)) {
    if (chunk.startsWith('--')) break; // the closing delimiter
    const part = chunk.replace(/^\r\n/, '');
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const content = part.slice(split + 4).replace(/\r\n$/, '');
    const disposition = /content-disposition:\s*form-data([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (!name) continue;
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (filename !== undefined) {
      const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? null;
      out.files[name] = { filename, contentType: type, size: Buffer.byteLength(content, 'utf8') };
    } else {
      out.fields[name] = content;
    }
  }
  return out;
}
