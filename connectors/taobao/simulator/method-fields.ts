import { FieldSelection, MethodFields } from '../../sdk/simulator';
import { Params, required } from './top-params';

/**
 * The fields each TOP method returns, as its metadata lists them (../../../../shared/marketplaces/
 * specs/taobao-top-metadata, [M]), and the filters it applies when the caller gives none: a
 * simulated answer carries these fields and no others, whatever the caller asks for in
 * `fields`. A client that asks a method for a field only another method returns
 * (`buyer_message` of increment.get, which has `has_buyer_message`) gets nothing back, as from
 * TOP, and its tests fail here rather than in production.
 */

function words(...lines: string[]): string[] {
  return lines.join(' ').split(' ').filter(Boolean);
}

/** A record's fields and, per list field, its elements' fields, as MethodSpec.returns names them. */
function fields(record: string[], lists: Record<string, string[]> = {}): string[] {
  return [...record.filter((f) => !(f in lists)), ...Object.entries(lists).flatMap(([list, els]) => els.map((f) => `${list}.${f}`))];
}

/** taobao.trades.sold.increment.get: trades.trade[]. */
const INCREMENT_TRADE = words(
  'seller_nick pic_path payment seller_rate post_fee receiver_name receiver_state receiver_address receiver_zip',
  'receiver_mobile receiver_phone consign_time received_payment receiver_country receiver_town order_tax_fee tid',
  'num num_iid status title type price discount_fee total_fee created pay_time modified end_time seller_flag',
  'buyer_nick has_buyer_message credit_card_fee step_trade_status step_paid_fee mark_desc buyer_open_uid',
  'shipping_type adjust_fee service_orders buyer_rate receiver_city receiver_district orders shop_pick',
  'rx_audit_status post_gate_declare cross_bonded_declare order_tax_promotion_fee service_type is_o2o_passport',
  'oaid no_shipping aid',
);

/** taobao.trades.sold.increment.get: trades.trade[].orders.order[]. */
const INCREMENT_ORDER = words(
  'item_meal_name pic_path refund_status outer_iid buyer_rate seller_rate seller_type cid sub_order_tax_fee',
  'sub_order_tax_rate oid status title price num_iid item_meal_id sku_id num outer_sku_id total_fee payment',
  'discount_fee adjust_fee sku_properties_name refund_id is_service_order end_time consign_time shipping_type',
  'bind_oid logistics_company invoice_no is_daixiao divide_order_fee part_mjz_discount ticket_outer_id',
  'ticket_expdate_key store_code is_www tmser_spu_code zhengji_status md_qualification md_fee',
  'sub_order_tax_promotion_fee tax_coupon_discount tax_free special_refund_type is_devalue_fee is_idle',
);

/** taobao.trades.sold.get: trades.trade[]. */
const SOLD_TRADE = words(
  'seller_nick buyer_open_uid title type created tid acookie_id sid seller_rate buyer_rate status payment',
  'discount_fee adjust_fee post_fee total_fee pay_time end_time modified async_modified consign_time',
  'received_payment commission_fee alipay_no alipay_id buyer_area nut_feature pic_path num_iid price cod_fee',
  'cod_status shipping_type num point_fee real_point_fee buyer_obtain_point_fee receiver_name receiver_state',
  'receiver_city receiver_district receiver_town receiver_address receiver_zip receiver_mobile receiver_phone',
  'seller_flag is_lgtype lg_aging_type lg_aging is_brand_sale is_force_wlb has_buyer_message credit_card_fee',
  'trade_from step_trade_status step_paid_fee mark_desc has_yfx yfx_fee yfx_id yfx_type trade_source send_time',
  'seller_can_rate is_part_consign is_wt is_daixiao o2o o2o_guide_id o2o_guide_name o2o_shop_id o2o_shop_name',
  'o2o_delivery o2o_out_trade_id orders service_orders zero_purchase receiver_country order_tax_fee shop_pick',
  'rx_audit_status post_gate_declare cross_bonded_declare order_tax_promotion_fee service_type is_o2o_passport',
  'tmall_delivery threepl_timing cn_service cutoff_minutes es_time delivery_time collect_time dispatch_time',
  'sign_time delivery_cps es_range es_date os_range os_date asdp_biz_type asdp_ads drug_register',
  'promise_sign_time oaid scenario_group is_force_dc buyer_nick logistics_agreement logistics_infos',
);

/** taobao.trades.sold.get: trades.trade[].orders.order[]. */
const SOLD_ORDER = words(
  'title pic_path price num_iid sku_id outer_iid outer_sku_id refund_status status oid total_fee payment',
  'discount_fee adjust_fee divide_order_fee part_mjz_discount sku_properties_name item_meal_id item_meal_name num',
  'buyer_rate seller_rate refund_id seller_type cid end_time consign_time shipping_type logistics_company',
  'invoice_no bind_oid is_daixiao ticket_outer_id ticket_expdate_key is_www store_code tmser_spu_code',
  'sub_order_tax_fee sub_order_tax_rate zhengji_status md_qualification md_fee sub_order_tax_promotion_fee',
  'tax_free tax_coupon_discount special_refund_type is_devalue_fee is_idle promise_collect_time is_force_dc',
  'shp_info',
);

/** taobao.trade.fullinfo.get: trade. */
const FULLINFO_TRADE = words(
  'buyer_open_uid title type created sid tid acookie_id seller_rate buyer_rate status payment discount_fee',
  'adjust_fee post_fee total_fee pay_time end_time modified consign_time received_payment commission_fee',
  'buyer_memo seller_memo buyer_area alipay_no buyer_message pic_path num_iid price cod_fee cod_status',
  'buyer_cod_fee seller_cod_fee express_agency_fee shipping_type num point_fee real_point_fee',
  'buyer_obtain_point_fee buyer_alipay_no receiver_name receiver_country receiver_state receiver_city',
  'receiver_district receiver_town receiver_address receiver_zip receiver_mobile receiver_phone buyer_email',
  'seller_alipay_no seller_mobile seller_phone seller_name seller_email available_confirm_fee has_post_fee',
  'timeout_action_time snapshot_url trade_memo promotion is_3D is_lgtype is_brand_sale is_force_wlb buyer_flag',
  'seller_flag credit_card_fee step_trade_status step_paid_fee eticket_ext mark_desc has_yfx yfx_fee yfx_id',
  'yfx_type send_time can_rate seller_can_rate is_part_consign is_daixiao is_wt arrive_interval arrive_cut_time',
  'consign_interval o2o o2o_guide_id o2o_guide_name o2o_shop_id o2o_shop_name o2o_delivery o2o_out_trade_id',
  'shop_code hk_en_name hk_flight_no hk_china_name hk_card_code hk_card_type hk_flight_date hk_gender hk_birthday',
  'hk_pickup hk_pickup_id est_con_time orders promotion_details service_tags service_orders trade_from',
  'trade_source zero_purchase alipay_point pcc_af trade_ext order_tax_fee et_ser_time et_shop_name',
  'et_verified_shop_name et_plate_number o2o_snatch_status is_sh_ship eticket_service_addr et_type market obs',
  'et_shop_id paid_coupon_fee shop_pick rx_audit_status es_date es_range os_date os_range coupon_fee',
  'post_gate_declare cross_bonded_declare trade_attr top_hold omni_attr omni_param assembly forbid_consign',
  'identity team_buy_hold share_group_hold ofp_hold o2o_step_trade_detail o2o_step_order_id o2o_et_order_id',
  'o2o_voucher_price order_tax_promotion_fee delay_create_delivery tid_str toptype service_type',
  'o2o_service_mobile o2o_service_name o2o_service_state o2o_service_city o2o_service_district o2o_service_town',
  'o2o_service_address o2o_step_trade_detail_new o2o_xiaopiao o2o_contract recharge_fee retail_store_code',
  'retail_out_order_id platform_subsidy_fee nr_offline wtt_param logistics_infos seller_nick buyer_nick',
  'nr_store_order_id nr_shop_id nr_shop_name nr_shop_guide_id nr_shop_guide_name sort_info sorted nr_no_handle',
  'biz_code cloud_store is_gift donee_nick donee_open_uid suning_shop_code suning_shop_valid allow_appkeys',
  'new_presell you_xiang retail_store_id is_istore ua linkedmall_ext_info pay_channel rt_omni_send_type',
  'rt_omni_store_id rt_omni_outer_store_id tcps_start tcps_code tcps_end m_tariff_fee timing_promise',
  'promise_service cutoff_minutes es_time delivery_time collect_time dispatch_time sign_time',
  'outer_partner_member_id root_cat gifting gifting_takeout oi_date oi_range hold_install app_name',
  'easy_home_city_type nr_deposit_order_id nr_store_code propoint zqs_order_tag txp_freezer_id txp_receive_method',
  'expandcard_info extend_info lm brand_light_shop_source brand_light_shop_store_id is_wmly omni_package',
  'ncz_ext_attr invoice_detail_pay invoice_detail_mid_refund invoice_detail_after_refund expand_card_basic_price',
  'expand_card_expand_price expand_card_basic_price_used expand_card_expand_price_used delivery_cps asdp_biz_type',
  'is_openmall v_logistics_create q_r_pay order_follow_id asdp_ads ob_tag general_new_presell drug_register',
  'step_pay_details agree_refund_checks address_details stage_address_type og_id promise_sign_time',
  'tmall_coupon_fee delivery_plan omnichannel_param oaid is_cycle_buy scenario_group play_type is_force_dc',
  'combine_logistics_details identify_info logistics_consign_info logistics_modify_info priority_consign_time',
  'logistics_agreement real_name_auth_status third_party_customs_declaration receipt_type receipt_rel_ids',
);

/** taobao.trade.fullinfo.get: trade.orders.order[]. */
const FULLINFO_ORDER = words(
  'title pic_path price num_iid sku_id outer_iid outer_sku_id refund_status status oid total_fee payment',
  'discount_fee adjust_fee divide_order_fee part_mjz_discount sku_properties_name item_meal_id item_meal_name num',
  'snapshot_url timeout_action_time item_memo buyer_rate seller_rate refund_id seller_type cid is_oversold',
  'end_time order_from is_service_order consign_time shipping_type logistics_company invoice_no bind_oid',
  'is_daixiao ticket_outer_id ticket_expdate_key is_www store_code tmser_spu_code sub_order_tax_fee',
  'sub_order_tax_rate et_ser_time et_shop_name et_verified_shop_name et_plate_number estimate_con_time bind_oids',
  'zhengji_status md_qualification md_fee customization inv_type is_sh_ship shipper f_type f_status f_term',
  'combo_id order_attr assembly_rela assembly_price assembly_item sub_order_tax_promotion_fee down_payment',
  'down_payment_ratio month_payment tail_payment installment_num penalty service_fee car_taker car_taker_phone',
  'car_taker_id car_store_code car_store_name out_unique_id ws_bank_apply_no oid_str fqg_num is_fqg_s_fee',
  'tax_free tax_coupon_discount nr_reduce_inv_fail nr_outer_iid bind_oids_all_status sort_info o2o_guide_id',
  'o2o_guide_name o2o_shop_id o2o_shop_name biz_code cloud_store hj_settle_no_commission order_taking',
  'cloud_store_token cloud_store_bind_pos retail_store_id out_item_id rt_omni_outer_sc_id rt_omni_sc_id',
  'modify_address ti_modify_address_time credit_buy s_tariff_fee timing_promise promise_service es_date es_range',
  'os_date os_range cutoff_minutes es_time delivery_time collect_time dispatch_time sign_time promise_end_time',
  'os_activity_id os_fg_item_id os_gift_count os_sort_num propoint is_kaola special_refund_type extend_info',
  'is_devalue_fee brand_light_shop_store_id brand_light_shop_source service_order_type service_outer_id',
  'expand_card_expand_price_used_suborder expand_card_basic_price_used_suborder lijian auto_flow',
  'trade_fulfillment_type distribute_status is_idle gift_mids is_free_gift has_gift promise_collect_time',
  'is_force_dc b2b_daixiao ship_info combine_item_info need_return bundle_id bundle_out_name bundle_type',
  'one_yuan_reservation_orders is_jzfx jewcc_no',
);

/** taobao.refunds.receive.get: refunds.refund[]. */
const REFUND = words(
  'refund_id tid oid total_fee seller_nick created modified order_status status good_status has_good_return',
  'refund_fee payment reason desc title num company_name sid refund_phase refund_version sku attribute outer_id',
  'operation_contraint ouid buyer_open_uid buyer_nick dispute_type',
);

/** taobao.items.onsale.get: items.item[]. */
const ONSALE_ITEM = words(
  'approve_status iid num_iid title nick type cid seller_cids pic_url num props valid_thru list_time price',
  'has_discount has_invoice has_warranty has_showcase modified delist_time postage_id outer_id is_ex is_virtual',
  'is_taobao sold_quantity is_cspu first_starts_time',
);

/** taobao.item.seller.get: item. */
const SELLER_ITEM = words(
  'after_sale_id approve_status auction_point auto_fill auto_repost barcode cid cod_postage_id created',
  'custom_made_type_id delist_time desc desc_module_info detail_url ems_fee express_fee features food_security',
  'freight_payer global_stock_country global_stock_type has_discount has_invoice has_showcase has_warranty',
  'increment inner_shop_auction_template_id input_pids input_str is_3D is_ex is_fenxiao is_lightning_consignment',
  'is_prepay is_taobao is_timing is_virtual is_xinpin item_imgs item_size item_weight list_time locality_life',
  'location modified mpic_video newprepay nick num num_iid one_station outer_id outer_shop_auction_template_id',
  'paimai_info period_sold_quantity pic_url post_fee postage_id price product_id promoted_service prop_imgs',
  'property_alias props props_name score second_kill sell_point sell_promise seller_cids skus sold_quantity',
  'stuff_status sub_stock template_id title type valid_thru video_id videos violation volume wap_desc',
  'wap_detail_url wireless_desc with_hold_quantity ww_status desc_modules cuntao_item_specific',
  'large_screen_image_url is_area_sale cpv_memo item_rectangle_imgs first_starts_time',
);

/** taobao.item.seller.get: item.skus.sku[]. */
const SELLER_SKU = words(
  'barcode created modified outer_id price properties properties_name quantity sku_id',
);

/** taobao.item.skus.get: skus.sku[]. */
const SKUS_SKU = words(
  'sku_id iid num_iid properties properties_name quantity price outer_id created modified status sku_spec_id',
  'barcode',
);

/**
 * Trade types searched when `type` is omitted: trades.sold.get and increment.get search
 * guarantee_trade,auto_delivery,ec,cod,step (both methods' `type` parameter, [M]; taobao.md §5);
 * refunds.receive.get guarantee_trade,auto_delivery only ([M]). guarantee_trade is 一口价 and
 * 拍卖 (fixed and auction, [M]). A trade of any other type (b2c_cod, fenxiao, ...) comes back only
 * when asked for by name.
 */
const TRADE_TYPES = { type: 'guarantee_trade,auto_delivery,ec,cod,step' };
const REFUND_TYPES = { type: 'guarantee_trade,auto_delivery' };

export const TOP_FIELDS = new MethodFields({
  'taobao.trades.sold.increment.get': { returns: fields(INCREMENT_TRADE, { orders: INCREMENT_ORDER }), defaultParams: TRADE_TYPES },
  'taobao.trades.sold.get': { returns: fields(SOLD_TRADE, { orders: SOLD_ORDER }), defaultParams: TRADE_TYPES },
  'taobao.trade.fullinfo.get': { returns: fields(FULLINFO_TRADE, { orders: FULLINFO_ORDER }) },
  'taobao.refunds.receive.get': { returns: REFUND, defaultParams: REFUND_TYPES },
  'taobao.items.onsale.get': { returns: ONSALE_ITEM },
  'taobao.item.seller.get': { returns: fields(SELLER_ITEM, { skus: SELLER_SKU }) },
  'taobao.item.skus.get': { returns: SKUS_SKU },
});

/**
 * Whether a trade type passes a `type` filter (the caller's, or the method's default). A trade
 * stored without a type counts as 一口价 (fixed), TOP's commonest.
 */
export function typeMatches(filter: string, type: unknown): boolean {
  const wanted = new Set(filter.split(',').map((s) => s.trim()));
  if (wanted.has('guarantee_trade')) wanted.add('fixed').add('auction');
  return wanted.has(typeof type === 'string' && type ? type : 'fixed');
}

/** The fields a call of `method` gets: those it names in `fields` that the method returns (40 when it names none, as TOP answers). */
export function selectFields(method: string, params: Params): FieldSelection {
  return TOP_FIELDS.select(method, required(params, 'fields'));
}
