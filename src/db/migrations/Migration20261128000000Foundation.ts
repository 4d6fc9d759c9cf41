import { Migration } from '@mikro-orm/migrations';

/** Staff, roles, audit log and the catalogue; pg_trgm for product search. */
export class Migration20261128000000Foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm`);
    this.addSql(`create table "audit_log" ("id" bigserial primary key, "at" timestamptz not null default now(), "actor_type" text not null, "actor_id" text null, "actor_label" text not null, "action" text not null, "target_type" text null, "target_id" text null, "changes" jsonb null, "request_id" text null)`);
    this.addSql(`create index "audit_log_at_idx" on "audit_log" ("at")`);
    this.addSql(`create index "audit_log_actor_idx" on "audit_log" ("actor_id")`);
    this.addSql(`create index "audit_log_target_idx" on "audit_log" ("target_type", "target_id")`);
    this.addSql(`create table "category" ("id" uuid not null, "name" text not null, "name_translations" jsonb not null default '{}', "parent_id" uuid null, "position" int not null default 0, constraint "category_pkey" primary key ("id"))`);
    this.addSql(`create index "category_parent_idx" on "category" ("parent_id")`);
    this.addSql(`alter table "category" add constraint "category_parent_name_unique" unique ("parent_id", "name")`);
    this.addSql(`create table "department" ("key" text not null, "name" text not null, "name_zh" text not null, constraint "department_pkey" primary key ("key"))`);
    this.addSql(`create table "product" ("id" uuid not null, "title" text not null, "description" text not null default '', "status" text not null default 'DRAFT', "category_id" uuid null, "brand" text null, "search_text" text not null default '', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "product_pkey" primary key ("id"), constraint product_status_valid check (status in ('DRAFT','ACTIVE','DELISTED','ARCHIVED')))`);
    this.addSql(`create index "product_status_idx" on "product" ("status")`);
    this.addSql(`create index "product_category_idx" on "product" ("category_id")`);
    this.addSql(`create index "product_created_idx" on "product" ("created_at", "id")`);
    this.addSql(`create table "product_image" ("id" uuid not null, "product_id" uuid not null, "url" text not null, "alt" text not null default '', "position" int not null, constraint "product_image_pkey" primary key ("id"))`);
    this.addSql(`create index "product_image_product_idx" on "product_image" ("product_id", "position")`);
    this.addSql(`create table "product_option" ("id" uuid not null, "product_id" uuid not null, "name" text not null, "position" int not null, "values" text[] not null, constraint "product_option_pkey" primary key ("id"))`);
    this.addSql(`alter table "product_option" add constraint "product_option_name_unique" unique ("product_id", "name")`);
    this.addSql(`create table "product_translation" ("id" uuid not null, "product_id" uuid not null, "locale" text not null, "title" text not null, "description" text not null default '', constraint "product_translation_pkey" primary key ("id"))`);
    this.addSql(`alter table "product_translation" add constraint "product_translation_locale_unique" unique ("product_id", "locale")`);
    this.addSql(`create table "role" ("key" text not null, "name" text not null, "name_zh" text null, "description" text not null default '', "built_in" boolean not null default false, "permissions" text[] not null default '{}', "department_key" text null, "created_at" timestamptz not null default now(), constraint "role_pkey" primary key ("key"), constraint role_key_format check (key ~ '^[a-z][a-z0-9_]{1,49}$'))`);
    this.addSql(`create table "staff" ("id" uuid not null, "email" text not null, "name" text not null, "password_hash" text not null, "department_key" text not null, "active" boolean not null default true, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "last_login_at" timestamptz null, constraint "staff_pkey" primary key ("id"))`);
    this.addSql(`alter table "staff" add constraint "staff_email_unique" unique ("email")`);
    this.addSql(`create table "role_assignment" ("id" uuid not null, "staff_id" uuid not null, "role_key" text not null, "channel_ids" text[] not null default '{}', constraint "role_assignment_pkey" primary key ("id"))`);
    this.addSql(`create index "role_assignment_staff_idx" on "role_assignment" ("staff_id")`);
    this.addSql(`alter table "role_assignment" add constraint "role_assignment_staff_role_unique" unique ("staff_id", "role_key")`);
    this.addSql(`create table "api_key" ("id" uuid not null, "name" text not null, "prefix" text not null, "key_hash" text not null, "permissions" text[] not null default '{}', "channel_ids" text[] not null default '{}', "created_by_id" uuid not null, "created_at" timestamptz not null default now(), "revoked_at" timestamptz null, "last_used_at" timestamptz null, constraint "api_key_pkey" primary key ("id"))`);
    this.addSql(`alter table "api_key" add constraint "api_key_hash_unique" unique ("key_hash")`);
    this.addSql(`create table "variant" ("id" uuid not null, "product_id" uuid not null, "sku" text not null, "option_values" text[] not null default '{}', "price" numeric(14,2) not null, "currency" char(3) not null default 'CNY', "cost_price" numeric(14,2) null, "barcode" text null, "weight_grams" int null, "status" text not null default 'ACTIVE', "position" int not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "variant_pkey" primary key ("id"), constraint variant_status_valid check (status in ('ACTIVE','INACTIVE')), constraint variant_weight_nonnegative check (weight_grams is null or weight_grams >= 0), constraint variant_cost_nonnegative check (cost_price is null or cost_price >= 0), constraint variant_price_nonnegative check (price >= 0))`);
    this.addSql(`alter table "variant" add constraint "variant_sku_unique" unique ("sku")`);
    this.addSql(`create index "variant_product_idx" on "variant" ("product_id", "position")`);
    this.addSql(`create table "bundle_component" ("id" uuid not null, "bundle_id" uuid not null, "component_id" uuid not null, "quantity" int not null, constraint "bundle_component_pkey" primary key ("id"), constraint bundle_component_not_self check (bundle_id <> component_id), constraint bundle_component_quantity_positive check (quantity > 0))`);
    this.addSql(`create index "bundle_component_component_idx" on "bundle_component" ("component_id")`);
    this.addSql(`alter table "bundle_component" add constraint "bundle_component_unique" unique ("bundle_id", "component_id")`);
    this.addSql(`alter table "category" add constraint "category_parent_id_foreign" foreign key ("parent_id") references "category" ("id") on update cascade on delete restrict`);
    this.addSql(`alter table "product" add constraint "product_category_id_foreign" foreign key ("category_id") references "category" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "product_image" add constraint "product_image_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "product_option" add constraint "product_option_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "product_translation" add constraint "product_translation_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "role" add constraint "role_department_key_foreign" foreign key ("department_key") references "department" ("key") on update cascade on delete set null`);
    this.addSql(`alter table "staff" add constraint "staff_department_key_foreign" foreign key ("department_key") references "department" ("key") on update cascade`);
    this.addSql(`alter table "role_assignment" add constraint "role_assignment_staff_id_foreign" foreign key ("staff_id") references "staff" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "role_assignment" add constraint "role_assignment_role_key_foreign" foreign key ("role_key") references "role" ("key") on update cascade`);
    this.addSql(`alter table "api_key" add constraint "api_key_created_by_id_foreign" foreign key ("created_by_id") references "staff" ("id") on update cascade`);
    this.addSql(`alter table "variant" add constraint "variant_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "bundle_component" add constraint "bundle_component_bundle_id_foreign" foreign key ("bundle_id") references "variant" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "bundle_component" add constraint "bundle_component_component_id_foreign" foreign key ("component_id") references "variant" ("id") on update cascade on delete restrict`);
    this.addSql(`alter table "staff" add constraint staff_email_lower check (email = lower(email))`);
    this.addSql(`create index product_search_trgm_idx on "product" using gin (search_text gin_trgm_ops)`);
    this.addSql(`create index product_title_idx on "product" (title, id)`);
    this.addSql(`create index product_updated_idx on "product" (updated_at, id)`);
    this.addSql(`create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end
$$`);
    this.addSql(`create trigger audit_log_no_update before update or delete on "audit_log" for each row execute function audit_log_append_only()`);
  }
}
