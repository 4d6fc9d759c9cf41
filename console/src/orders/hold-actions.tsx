import { useState } from 'react';
import { useMutation } from '../api/hooks';
import { ReleaseOrderDocument, type HoldReason } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { ErrorNote, UserErrors } from '../ui/ui';

/**
 * The action that releases each hold. An unmapped SKU is released by mapping the line (on the
 * order's page), so it has no button here; every other reason is released by releaseOrder.
 */
export function ReleaseButtons({ orderId, number, reasons, onDone, onOrderPage }: { orderId: string; number: string; reasons: readonly HoldReason[]; onDone: () => void; onOrderPage?: boolean }) {
  const { t, label } = useI18n();
  const [release, state] = useMutation(ReleaseOrderDocument);
  const [userErrors, setUserErrors] = useState<{ code: string; message: string }[]>();
  const doRelease = async (reason: HoldReason) => {
    const r = await release({ id: orderId, reason }).catch(() => undefined);
    if (!r) return;
    setUserErrors(r.releaseOrder.userErrors);
    if (!r.releaseOrder.userErrors.length) onDone();
  };
  return (
    <div className="actions">
      {reasons.map((reason) =>
        reason === 'UNMAPPED_SKU' ? (
          <span key={reason} className="muted">
            {onOrderPage ? t('orders.mapBelow') : t('orders.mapToRelease')}
          </span>
        ) : (
          <button
            key={reason}
            type="button"
            className="secondary"
            disabled={state.running}
            onClick={() => doRelease(reason)}
            aria-label={t('orders.releaseAria', { reason: label('hold', reason), number })}
          >
            {t('orders.release', { reason: label('hold', reason) })}
          </button>
        ),
      )}
      <ErrorNote error={state.error} />
      <UserErrors errors={userErrors} />
    </div>
  );
}
