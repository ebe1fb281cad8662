// Type declarations for the `loyalty` package: libloyalty's C ABI for Node.js.

/**
 * An int64 going in: a `number` (a safe integer) or a `bigint` beyond 2^53.
 */
export type Int64 = number | bigint;

/**
 * An int64 coming out. lib/json.js yields a `number` whenever the value is exactly representable
 * (|n| <= Number.MAX_SAFE_INTEGER) and a `bigint` only beyond. Money and points never get there: the library
 * refuses any value or sum outside |n| <= 10^15 (include/loyalty/loyalty.h), and ids and counts are store
 * sequence numbers far below 2^53. So every int64 in a result is typed `number`, and arithmetic on it
 * type-checks under `strict`.
 */
export type Int64Out = number;

export declare const Status: Readonly<{
  OK: 0;
  INVALID_ARGUMENT: 1;
  NOT_FOUND: 2;
  CONFLICT: 3;
  INSUFFICIENT_POINTS: 4;
  UNAUTHENTICATED: 5;
  STORAGE: 6;
  INTERNAL: 7;
}>;
export type StatusCode = (typeof Status)[keyof typeof Status];

// The JSON documents: docs/openapi.yaml (components/schemas) is their one source; each type here has the
// name of its schema, and tests/schema checks real documents against both.

export type Platform = 'haravan' | 'sapo' | 'kiotviet';

export interface Connection {
  platform: Platform;
  secret?: string;
  /** Several while rotating: any of them verifies. */
  secrets?: string[];
  /** Haravan's subscription handshake token. */
  verify_token?: string;
  /** Haravan only: the X-Haravan-Org-Id this shop is. */
  org_id?: string;
  /** KiotViet only: tier name -> the KiotViet customer group id (digits) that shows the tier. */
  tier_groups?: Record<string, string>;
}

export interface Earn {
  spend_per_point: Int64;
  max_points_per_order?: Int64;
}

export interface TierLevel {
  name: string;
  threshold: Int64;
  earn_multiplier_pct?: number;
  discount_pct?: number;
  discount_cap?: Int64;
  min_order?: Int64;
  upgrade_bonus?: Int64;
}

export interface Tiers {
  basis?: 'spend' | 'points';
  window?: 'rolling_12_months' | 'calendar_year' | 'lifetime';
  review?: 'monthly' | 'yearly';
  grace_reviews?: number;
  levels: TierLevel[];
}

/** Exactly one of multiplier_pct, points_per_unit, points_per_order. */
export interface EarnRule {
  rule_id: string;
  multiplier_pct?: number;
  points_per_unit?: Int64;
  points_per_order?: Int64;
  skus?: string[];
  categories?: string[];
  tiers?: string[];
  groups?: string[];
  /** RFM segments the rule is for (docs/program.md, "Segments"); empty or absent: any member. */
  segments?: SegmentName[];
  from?: string;
  to?: string;
  min_order?: Int64;
  max_points?: Int64;
}

export interface Bonuses {
  welcome?: Int64;
  first_order?: Int64;
  birthday?: Int64;
}

/** Exactly one of months and at. */
export type Expiry = { months: number; at?: never } | { at: 'end_of_year'; months?: never };

export interface RedeemPolicy {
  /** VND one point pays. */
  point_value: Int64;
  max_order_pct?: number;
}

export type RewardKind = 'gift' | 'voucher_amount' | 'voucher_pct' | 'free_units';

export interface Reward {
  reward_id: string;
  name: string;
  kind: RewardKind;
  cost_points: Int64;
  /** VND for voucher_amount, percent for voucher_pct, units for free_units. */
  value?: Int64;
  sku?: string;
  /** null: unlimited. Counts every grant claimed and not voided. */
  stock?: Int64 | null;
  /** null: the grant never expires. */
  valid_days?: number | null;
  tiers?: string[];
  groups?: string[];
  /** RFM segments the reward is for (docs/program.md, "Segments"); empty or absent: any member. */
  segments?: SegmentName[];
}

/** An RFM segment (docs/program.md, "Segments"), best first in the grid's order. */
export type SegmentName =
  | 'champions'
  | 'loyal'
  | 'potential_loyalist'
  | 'new_customers'
  | 'promising'
  | 'need_attention'
  | 'about_to_sleep'
  | 'at_risk'
  | 'cant_lose'
  | 'hibernating'
  | 'lost';

/** The member's RFM scores as maintenance last computed them: each 1-5 by quintile within the shop. */
export interface Rfm {
  recency: number;
  frequency: number;
  monetary: number;
  segment: SegmentName;
  /** Local days from the last paid order to the day computed. */
  recency_days: Int64Out;
  orders: Int64Out;
  /** Net VND over those orders. */
  spend: Int64Out;
  computed_at: string;
}

export interface VolumeBonus {
  program_id: string;
  period: 'order' | 'month' | 'quarter' | 'year';
  skus?: string[];
  categories?: string[];
  groups?: string[];
  units: Int64;
  repeat?: boolean;
  points?: Int64;
  reward_id?: string;
}

export interface Target {
  program_id: string;
  period: 'month' | 'quarter' | 'year';
  groups?: string[];
  bands: Array<{ spend: Int64; points?: Int64; rebate_pct?: number }>;
}

/** An award on a member's anniversaries, granted once each by maintenance (docs/distributor.md). */
export interface Anniversary {
  program_id: string;
  /** Ascending; exactly one of years and every_years. */
  years?: number[];
  every_years?: number;
  since?: 'first_order' | 'joined';
  min_spend_past_year?: Int64;
  groups?: string[];
  points?: Int64;
  reward_id?: string;
}

/** A yearly list of partners of long standing, settled like the period programs (docs/distributor.md). */
export interface Appreciation {
  program_id: string;
  min_years: number;
  min_spend: Int64;
  groups?: string[];
  points?: Int64;
  reward_id?: string;
}

export interface Ranking {
  program_id: string;
  period?: 'month' | 'quarter' | 'year';
  groups?: string[];
  prizes: Array<{ up_to: Int64; points?: Int64; reward_id?: string }>;
}

export type EventType =
  | 'points.earned' | 'points.redeemed' | 'points.expiring' | 'points.expired' | 'tier.changed'
  | 'reward.granted' | 'grant.used' | 'birthday' | 'order.reversed';

/** Where the shop's events go, signed (docs/notifications.md). */
export interface Notifications {
  endpoints?: Array<{ url: string; secret: string; events?: EventType[] }>;
  /** Days before points expire that points.expiring goes out; default 7. */
  expiring_days?: number;
  channels?: {
    zalo?: { app_id: string; secret_key: string; refresh_token: string; token_url?: string; send_url?: string };
    sms?: {
      url: string;
      method?: 'POST' | 'GET';
      headers?: Record<string, string>;
      body?: string;
      content_type?: 'application/json' | 'application/x-www-form-urlencoded';
      secrets?: Record<string, string>;
      phone_format?: '84' | '0';
      success?: { field: string; equals: string };
    };
  };
  /** What members are told about each event: an sms text or a zalo template, with {placeholders}. */
  messages?: Array<{
    event: EventType;
    channel: 'sms' | 'zalo';
    template?: string;
    template_id?: string;
    params?: Record<string, string>;
  }>;
  /** Shop time ("HH:MM") in which messages wait; default 21:00 to 08:00. */
  quiet_hours?: { from?: string; to?: string };
  /** Messages a member receives at most in a shop day; default 3. */
  max_per_member_per_day?: number;
}

/** What an endpoint receives as the body of a POST. */
export interface LoyaltyEvent {
  id: Int64Out;
  type: EventType;
  shop_id: string;
  member_id: string;
  created_at: string;
  data: Record<string, unknown>;
}

export interface EventDelivery {
  delivery_id: Int64Out;
  event_id: Int64Out;
  type: EventType;
  member_id?: string;
  endpoint: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  created_at: string;
  next_attempt_at: string | null;
  delivered_at: string | null;
  last_error: string | null;
  event: LoyaltyEvent;
}

export interface EventsQuery {
  status?: 'pending' | 'delivered' | 'failed';
  /** 1..500, default 50. */
  limit?: number;
  after?: Int64;
}

export interface EventDeliveriesPage {
  deliveries: EventDelivery[];
  next_after: Int64Out | null;
  backlog: { pending: Int64Out; delivered: Int64Out; failed: Int64Out; oldest_pending_at: string | null };
}

export interface EventsReplayRequest {
  from: Int64;
  /** Default `from`. */
  to?: Int64;
  only_failed?: boolean;
}

export interface EventsReplayed {
  replayed: EventDelivery[];
}

/** loyalty_export_member's and loyalty_erase_member's request. */
export interface MemberDataRequest {
  member_id: string;
  /** Who asks, for the audit trail; "abi" when absent. */
  actor?: string;
}

/** Everything the shop keeps about one member (docs/personal-data.md); lists oldest first. */
export interface MemberExport {
  shop_id: string;
  exported_at: string;
  erased_at: string | null;
  member: Member;
  merged_records: MergedRecord[];
  contact: MemberContact | null;
  entries: Entry[];
  lots: MemberLot[];
  markers: MemberMarker[];
  grants: Grant[];
  orders: MemberOrder[];
  payments: MemberPayment[];
  standings: MemberStanding[];
  events: LoyaltyEvent[];
  deliveries: EventDelivery[];
  platform_writes: PlatformWrite[];
  quarantined: QuarantinedDelivery[];
  plays: Play[];
  audit: AuditRecord[];
}

export interface MergedRecord {
  member_id: string;
  name: string;
  phone: string;
  phone_text: string;
  email: string;
  birthday: string;
  group: string;
  created_at: string;
  merged_into: string | null;
}

export interface MemberContact {
  page_token: string;
  opted_out: boolean;
  updated_at: string;
}

export interface MemberLot {
  lot_id: number;
  member_id: string;
  source: { type: string; id: string };
  points: number;
  remaining: number;
  earned_at: string;
  release_at: string | null;
  expires_at: string | null;
}

export interface MemberMarker {
  member_id: string;
  marker: string;
  created_at: string;
}

export interface MemberOrder {
  order_id: string;
  member_id: string;
  status: 'pending' | 'paid' | 'partially_refunded' | 'refunded' | 'cancelled';
  amount: number;
  refunded_amount: number;
  returned_amount: number;
  points: number;
  bonus_points: number;
  spend: number;
  tier: string;
  history: boolean;
  occurred_at: string;
  paid_at: string | null;
  updated_at: string;
  lines: { sku: string; category: string; quantity: number }[];
}

export interface MemberPayment {
  order_id: string;
  member_id: string;
  points: number;
  amount: number;
  returned_points: number;
  created_at: string;
  updated_at: string;
}

export interface MemberStanding {
  program_id: string;
  period: string;
  member_id: string;
  name: string;
  rank: number;
  spend: number;
  points: number;
  rebate: number;
}

/** A write to a platform about the member, from the outbox. */
export interface PlatformWrite {
  job_id: number;
  platform: string;
  kind: string;
  status: 'pending' | 'done' | 'failed';
  payload: unknown;
  attempts: number;
  created_at: string;
  done_at: string | null;
  last_error: string | null;
}

export interface AuditRecord {
  audit_id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: string;
}

/** What loyalty_erase_member removed; all 0 and false when erasing again. */
export interface MemberErasure {
  member_id: string;
  erased_at: string;
  already_erased: boolean;
  removed: {
    records: number;
    refs: number;
    page_link: boolean;
    deliveries: number;
    platform_writes: number;
    quarantined: number;
    standings: number;
  };
}

/** A shop's program (docs/program.md, docs/rewards.md, docs/games.md, docs/distributor.md). Unknown fields are refused. */
export interface Shop {
  shop_id: string;
  name?: string;
  /** Default Asia/Ho_Chi_Minh. */
  timezone?: string;
  earn: Earn;
  connections?: Connection[];
  placeholder_phones?: string[];
  notifications?: Notifications;
  tiers?: Tiers;
  rules?: EarnRule[];
  bonuses?: Bonuses;
  pending_days?: number;
  expiry?: Expiry;
  redeem?: RedeemPolicy;
  /** The catalogue members claim with points (docs/rewards.md). */
  rewards?: Reward[];
  /** Instant-win games, lucky wheels and scratch cards (docs/games.md). */
  games?: Game[];
  volume_bonuses?: VolumeBonus[];
  targets?: Target[];
  rankings?: Ranking[];
  anniversaries?: Anniversary[];
  appreciations?: Appreciation[];
  settle_after_days?: number;
}

/** A JSON Merge Patch (RFC 7396) of a Shop: null removes a key, arrays are replaced whole. */
export type ShopPatch = { [K in keyof Shop]?: Shop[K] | null } | Record<string, unknown>;

export interface ServerListen {
  address?: string;
  port?: number;
  tls?: { cert: string; key: string };
}

export interface ServerLimits {
  body_bytes?: number; header_bytes?: number; handshake_timeout_ms?: number; read_timeout_ms?: number;
  idle_timeout_ms?: number; drain_timeout_ms?: number; max_connections?: number;
  max_connections_per_address?: number; max_handshakes_per_address?: number; handshakes_per_second_per_address?: number;
}

export interface EngineConfig {
  /** "sqlite:/path/to/loyalty.db", "sqlite::memory:" or "postgresql://user:password@host:5432/db". */
  storage: string;
  /** Seeds, each put only when that shop is not stored yet. */
  shops?: Shop[];
  sqlite?: { synchronous?: 'full' | 'normal'; busy_timeout_ms?: number };
  postgresql?: { pool_size?: number; connect_timeout_s?: number };
  // loyaltyd's keys may share the document; any other key is refused.
  listen?: ServerListen;
  admin_token?: string;
  insecure_http?: boolean;
  limits?: ServerLimits;
  threads?: { io?: number; engine?: number };
  maintenance_interval_s?: number;
  access_log?: boolean;
  /** The least level of the stderr lines written; the access log's are info. Default "info". */
  log_level?: 'debug' | 'info' | 'warning' | 'error';
  apps?: AppsConfig;
  dashboard?: ServerConfig['dashboard'];
  notifications?: ServerConfig['notifications'];
  metrics?: ServerConfig['metrics'];
}

/** The platform apps (apps/README.md); every base URL defaults to the real host. */
export interface AppsConfig {
  public_url: string;
  haravan?: { client_id: string; client_secret: string; accounts_url?: string; api_url?: string; webhook_url?: string };
  sapo?: { client_id: string; client_secret: string; store_url?: string };
  kiotviet?: { token_url?: string; api_url?: string };
  ca_file?: string;
  /** 32 random bytes, readable by its owner only: seals platform tokens at rest. */
  token_key_file: string;
  reconcile_interval_s?: number;
}

export interface ServerConfig {
  listen: ServerListen;
  /** At least 16 characters. */
  admin_token: string;
  /** Plain HTTP, only behind a proxy that terminates TLS. */
  insecure_http?: boolean;
  limits?: ServerLimits;
  threads?: { io?: number; engine?: number };
  maintenance_interval_s?: number;
  access_log?: boolean;
  /** The least level of the stderr lines written; the access log's are info. Default "info". */
  log_level?: 'debug' | 'info' | 'warning' | 'error';
  apps?: AppsConfig;
  /** The dashboard's sessions (docs/dashboard.md). */
  dashboard?: { session_idle_minutes?: number; session_absolute_hours?: number };
  /** How loyaltyd sends the shops' events to their endpoints (docs/notifications.md). */
  notifications?: { ca_file?: string; workers?: number; timeout_ms?: number };
  /** With a token (at least 16 characters, not the admin token), GET /metrics needs it as a bearer token. */
  metrics?: { token?: string };
  // The engine's keys may share the document (loyaltyd reads one file); any other key is refused.
  storage?: string;
  shops?: Shop[];
  sqlite?: EngineConfig['sqlite'];
  postgresql?: EngineConfig['postgresql'];
}

/** Fields other than these are the host's and ignored. */
export interface Customer {
  platform?: string;
  customer_id?: string;
  phone?: string;
  name?: string;
  email?: string;
  birthday?: string;
  /** The platform's customer group. */
  group?: string;
  [key: string]: unknown;
}

export type OrderStatus = 'pending' | 'paid' | 'partially_refunded' | 'refunded' | 'cancelled';

/** Fields other than these are the host's and ignored. */
export interface OrderLine {
  sku?: string;
  category?: string;
  quantity?: Int64;
  amount?: Int64;
  [key: string]: unknown;
}

export interface Order {
  order_id: string;
  status: OrderStatus;
  amount: Int64;
  refunded_amount?: Int64;
  occurred_at?: string;
  version?: Int64;
  customer: Customer;
  lines?: OrderLine[];
  /** Codes the order used: a paid order carrying a grant's code marks the grant used. */
  discount_codes?: string[];
  /** Extra fields are ignored by the library. */
  [key: string]: unknown;
}

export interface Points {
  available: Int64Out;
  pending: Int64Out;
}

export interface OrderResult {
  member_id: string;
  /** False when the order already was in that state or its version is older. */
  applied: boolean;
  points_delta: Int64Out;
  points: Points;
}

export interface UpsertResult {
  member_id: string;
  created: boolean;
}

export type MemberQuery = { member_id: string } | { phone: string } | { platform: string; customer_id: string };

export interface MemberPoints extends Points {
  lifetime_earned: Int64Out;
}

export interface MemberTier {
  name: string;
  since: string;
  /** Only while a manual tier is in force. */
  until?: string;
  next: { name: string; remaining: Int64Out } | null;
}

/** A Standing without member_id and name, with its program and period. */
export interface MemberProgram extends Omit<Standing, 'member_id' | 'name'> {
  program_id: string;
  kind: ProgramKind;
  period: Period;
}

export interface Member {
  member_id: string;
  name: string;
  /** The identity phone, "+84…", or "". */
  phone: string;
  /** A phone given that identifies no one, kept as typed; or "". */
  phone_text: string;
  email: string;
  birthday: string;
  group: string;
  /** True while the group is the one the shop set. */
  group_by_shop: boolean;
  created_at: string;
  points: MemberPoints;
  spend: { lifetime: Int64Out; qualifying?: Int64Out };
  /** null when the shop has no tiers */
  tier: MemberTier | null;
  expiring: Array<{ points: Int64Out; at: string }>;
  refs: Array<{ platform: string; customer_id: string }>;
  /** The member's standing in each distributor program open to them, in its current period. */
  programs: MemberProgram[];
  /** The member asked for no messages; endpoints still receive the events. */
  opted_out: boolean;
  /** null until maintenance has scored the member (a paid order that counts). */
  rfm: Rfm | null;
}

export interface QuoteRequest {
  member_id?: string;
  tier?: string;
  amount: Int64;
  lines?: OrderLine[];
  redeem_points?: Int64;
  at?: string;
}

export interface Quote {
  member_id: string | null;
  tier: string | null;
  discount: { pct: Int64Out; amount: Int64Out };
  redeem: {
    point_value: Int64Out; available: Int64Out; max_points: Int64Out; max_amount: Int64Out; points: Int64Out;
    amount: Int64Out;
  } | null;
  earn: {
    points: Int64Out; base: Int64Out; tier_pct: Int64Out;
    rules: Array<{ rule_id: string; points: Int64Out }>;
    volume: Array<{ program_id: string; points: Int64Out }>;
  };
}

export interface TierRequest {
  member_id: string;
  tier: string;
  until: string;
}

export interface GroupRequest {
  member_id: string;
  /** null hands the group back to the platform. */
  group: string | null;
}

export type GrantStatus = 'issued' | 'used' | 'voided' | 'expired';

/** Times are ISO 8601 in the shop's zone. */
export interface Grant {
  grant_id: Int64Out;
  code: string;
  member_id: string;
  reward_id: string;
  name: string;
  /** A reward's kind, or "rebate" for a target's rebate. */
  kind: RewardKind | 'rebate';
  value: Int64Out;
  sku: string;
  quantity: Int64Out;
  cost_points: Int64Out;
  status: GrantStatus;
  source: string;
  issued_at: string;
  expires_at: string | null;
  used_at: string | null;
  used_order: string | null;
  voided_at: string | null;
  void_reason: string | null;
}

export interface ClaimRequest {
  member_id: string;
  reward_id: string;
  idempotency_key: string;
}

export interface ClaimResult {
  grant: Grant;
  points: Points;
  /** True when the key was used before with the same request: the first grant. */
  replayed: boolean;
}

export interface GrantsQuery {
  member_id?: string;
  status?: GrantStatus;
  code?: string;
  /** 1..500, default 50. */
  limit?: number;
  after?: Int64;
}

export interface GrantsPage {
  /** Oldest first. */
  grants: Grant[];
  next_after: Int64Out | null;
}

/** Names the grant by grant_id or by code. */
export type GrantRef = { grant_id: Int64; code?: never } | { code: string; grant_id?: never };
export type GrantUseRequest = GrantRef & { order_id: string };
export type GrantVoidRequest = GrantRef & { reason?: string };

/** When a game is open: `from` included, `to` excluded; ISO 8601 dates or times in the shop's zone. */
export interface GameWindow {
  from?: string;
  to?: string;
}

/** A paid order of at least min_amount VND earns `plays` plays (1..100, default 1). */
export interface GamePlaysPerOrder {
  min_amount: Int64;
  plays?: number;
}

export interface GameBudget {
  /** The most points the game's prizes give on one shop day. */
  points_per_day: Int64;
}

/** A slot of the draw: points or reward_id, not both; with neither, an empty slot ("no prize"). */
export interface GamePrize {
  id: string;
  /** Defaults to the reward's. */
  name?: string;
  /** 1..10^9: the prize's share of the draw. */
  weight: Int64;
  points?: Int64;
  reward_id?: string;
  /** How many the game gives in all; null or absent: unlimited. */
  stock?: Int64 | null;
  /** How many it gives on one shop day; null or absent: unlimited. */
  daily_limit?: Int64 | null;
}

/** An instant-win game (docs/games.md); it needs cost_points, plays_per_order or both. */
export interface Game {
  id: string;
  name: string;
  kind: 'wheel' | 'scratch';
  window?: GameWindow;
  /** The points one play costs when the member has no play earned by an order. */
  cost_points?: Int64;
  plays_per_order?: GamePlaysPerOrder;
  /** 1 to 100 prizes. */
  prizes: GamePrize[];
  budget?: GameBudget;
  tiers?: string[];
  groups?: string[];
  segments?: SegmentName[];
}

export interface PlayRequest {
  member_id: string;
  game_id: string;
  idempotency_key: string;
}

/** A prize that could be won, and its weight. */
export interface Odds {
  prize_id: string;
  weight: Int64Out;
}

export interface WonPrize {
  id: string;
  name: string;
  points: Int64Out;
  reward_id: string | null;
}

/** One play, with the odds it was drawn from and the number drawn; times in the shop's zone. */
export interface Play {
  play_id: Int64Out;
  game_id: string;
  member_id: string;
  played_at: string;
  /** The slot drawn. */
  prize_id: string;
  /** null: an empty slot. */
  prize: WonPrize | null;
  points_spent: Int64Out;
  /** The order whose earned play was used. */
  order_id: string | null;
  grant_id: Int64Out | null;
  odds: Odds[];
  /** In [0, sum of the weights): each prize covers a run of numbers as long as its weight, in order. */
  draw: Int64Out;
}

export interface PlayResult extends Play {
  /** The grant a reward prize issued. */
  grant: Grant | null;
  /** Plays earned by orders and not used. */
  plays_left: Int64Out;
  points: Points;
  /** True when the key was used before with the same request: the first play. */
  replayed: boolean;
}

export interface PlayQuery {
  game_id?: string;
  member_id?: string;
  /** 1..500, default 50. */
  limit?: number;
  after?: Int64;
}

export interface PlayPage {
  /** Oldest first. */
  plays: Play[];
  next_after: Int64Out | null;
}

export interface GameStatusRequest {
  game_id: string;
  member_id: string;
}

export interface GameStatus {
  game_id: string;
  name: string;
  kind: 'wheel' | 'scratch';
  open: boolean;
  can_play: boolean;
  /** Why the member cannot play now; null when they can. */
  refusal: string | null;
  /** The refusal as a code, for a page to say in its own language; null when they can play. */
  refusal_reason: 'closed' | 'not_in_audience' | 'nothing_to_win' | 'no_plays' | 'insufficient_points' | null;
  plays_left: Int64Out;
  /** 0 when plays come only with orders. */
  cost_points: Int64Out;
  /** What a play now could win. */
  odds: Odds[];
}

export interface PaymentRequest {
  member_id: string;
  order_id: string;
  /** VND the order comes to before points. */
  order_amount: Int64;
  points: Int64;
  idempotency_key: string;
}

export interface PaymentResult {
  /** The order's totals after this payment. */
  payment: { order_id: string; member_id: string; points: Int64Out; amount: Int64Out; returned_points: Int64Out };
  entry: Entry;
  points: Points;
  replayed: boolean;
}

/** A calendar period in the shop's zone; `to` is exclusive. */
export interface Period {
  /** "2026-Q4", "2026-11" or "2026". */
  key: string;
  from: string;
  to: string;
}

export interface Standing {
  member_id: string;
  name: string;
  rank: number | null;
  spend: Int64Out;
  units: Int64Out | null;
  band: number | null;
  times: Int64Out;
  points: Int64Out;
  grant_id: Int64Out | null;
  rebate: Int64Out;
  reached_at: string | null;
  next: { threshold: Int64Out; remaining: Int64Out } | null;
}

export type ProgramKind = 'volume' | 'target' | 'ranking' | 'anniversary' | 'appreciation';

export interface SettleRequest {
  period: string;
  program_id?: string;
  /** Default now; the period must have ended by then. */
  at?: string;
}

export interface ProgramSettlement {
  program_id: string;
  kind: ProgramKind;
  period: Period;
  settled_at: string | null;
  /** Settled before: reported as it was, nothing new posted. */
  already_settled: boolean;
  standings: Standing[];
}

export interface SettlementReport {
  period: Period;
  programs: ProgramSettlement[];
}
/** @deprecated The schema's name is SettlementReport. */
export type SettleReport = SettlementReport;

export interface LeaderboardRequest {
  program_id: string;
  at?: string;
  /** 1..1000, default 100. */
  limit?: number;
}

export interface Leaderboard {
  program_id: string;
  kind: ProgramKind;
  period: Period;
  settled_at: string | null;
  standings: Standing[];
}

/** The shop's reports (docs/program.md, "Reports"), by the name their HTTP route ends in. */
export type ReportName = 'segments' | 'cohorts' | 'repeat-purchase' | 'liability' | 'rewards' | 'tiers';

export interface ReportRequest {
  report: ReportName;
  /** 1..36, default 12: the last months of the shop's calendar, the current one last; not for segments. */
  months?: number;
  /** 1..100, default 10; rewards only. */
  limit?: number;
}

/** Members per RFM segment this local month, beside the month before. */
export interface SegmentReport {
  segments: { segment: SegmentName; members: Int64Out; previous_month_members: Int64Out }[];
  /** `YYYY-MM`, the shop's local month today. */
  month: string;
  previous_month: string;
  /** The last complete computation; null before the first. */
  computed_at: string | null;
}

/** Retention by cohort of the month of each member's first paid order; months are `YYYY-MM`. */
export interface CohortReport {
  from: string;
  to: string;
  cohorts: { month: string; members: Int64Out; retained: Int64Out[]; repeat_members: Int64Out }[];
}

export interface RepeatPurchaseReport {
  from: string;
  to: string;
  customers: Int64Out;
  repeat_customers: Int64Out;
  orders: Int64Out;
  by_month: { month: string; customers: Int64Out; returning_customers: Int64Out; orders: Int64Out }[];
}

export interface LiabilityReport {
  from: string;
  to: string;
  months: {
    month: string;
    earned: Int64Out;
    redeemed: Int64Out;
    expired: Int64Out;
    adjusted: Int64Out;
    outstanding_available: Int64Out;
    outstanding_pending: Int64Out;
  }[];
}

export interface RewardReport {
  from: string;
  to: string;
  /** Most claimed first. */
  rewards: { reward_id: string; name: string | null; claims: Int64Out; used: Int64Out; points_spent: Int64Out }[];
}

export interface TierReport {
  from: string;
  to: string;
  tiers: { tier: string; members: Int64Out; earned: Int64Out; redeemed: Int64Out; redeeming_members: Int64Out }[];
}

/** loyalty_report's result: the document of the report the request names. */
export type Report = SegmentReport | CohortReport | RepeatPurchaseReport | LiabilityReport | RewardReport | TierReport;

export type EntryKind = 'earn' | 'reverse' | 'redeem' | 'adjust' | 'expire' | 'release' | 'merge' | 'bonus' | 'return';

/** One ledger entry. */
export interface Entry {
  entry_id: Int64Out;
  member_id: string;
  kind: EntryKind;
  points: Int64Out;
  available_delta: Int64Out;
  pending_delta: Int64Out;
  reason: string;
  ref: { type: string; id: string };
  detail: string;
  occurred_at: string;
  created_at: string;
  balance: Points;
}
/** @deprecated The schema's name is Entry. */
export type Transaction = Entry;

export interface TransactionsQuery {
  member_id: string;
  /** 1..500, default 50. */
  limit?: number;
  /** An entry id cursor: next_before of the previous page. */
  before?: Int64;
}

export interface TransactionsPage {
  /** Newest first. */
  transactions: Entry[];
  next_before: Int64Out | null;
}

export interface PointsRequest {
  member_id: string;
  /** Redeem: positive. Adjust: non-zero, may be negative. */
  points: Int64;
  idempotency_key: string;
  reason?: string;
}

export interface PointsResult {
  member_id: string;
  entry: Entry;
  points: Points;
}

export interface BalanceSnapshot {
  available: Int64Out;
  pending: Int64Out;
  lifetime_earned: Int64Out;
  lifetime_spend: Int64Out;
}

export interface MaintenanceReport {
  /** The time the report was run for, in UTC. */
  now: string;
  entries: Int64Out;
  deliveries_forgotten: Int64Out;
  tiers_reviewed: Int64Out;
  lots_released: Int64Out;
  lots_expired: Int64Out;
  birthday_bonuses: Int64Out;
  /** Members scored by the day's RFM computation; 0 when it was done earlier that local day. */
  members_segmented: Int64Out;
  periods_settled: Int64Out;
  anniversary_awards: Int64Out;
  /** Another instance was running maintenance; only the ledger check ran. */
  skipped: boolean;
  ledger_consistent: boolean;
  balance_mismatches: Array<{ shop_id: string; member_id: string; cached: BalanceSnapshot; ledger: BalanceSnapshot }>;
  failures: Array<{ shop_id: string; member_id: string | null; step: string; error: string }>;
  suspect_merges: Array<{ shop_id: string; member_id: string; phone: string; merged: string[] }>;
}

export interface SyncCount {
  done: Int64Out;
  total: Int64Out | null;
}

export interface PlatformSync {
  state: 'connecting' | 'backfilling' | 'live' | 'error' | 'disconnected';
  /** Haravan's org id, Sapo's store, KiotViet's retailer. */
  account: string;
  history: 'points' | 'spend_only';
  customers: SyncCount;
  orders: SyncCount;
  last_reconciled_at: Int64Out | null;
  last_error: string | null;
  writes: {
    pending: Int64Out;
    done: Int64Out;
    failed: Int64Out;
    recent_failures: { job_id: Int64Out; kind: string; error: string | null }[];
  };
}

export type StaffRole = 'owner' | 'cashier' | 'viewer';

export interface StaffMember {
  username: string;
  role: StaffRole;
  created_at: string;
  last_login_at: string | null;
  signs_in_with: 'password' | 'platform';
}

export interface StaffList {
  staff: StaffMember[];
}

export interface StaffRequest {
  username: string;
  role: StaffRole;
  password: string;
}

export interface StaffPasswordRequest {
  username: string;
  password: string;
}

export interface SyncStatus {
  shop_id: string;
  platforms: { [platform: string]: PlatformSync };
}

export interface SyncRequest {
  platform: Platform;
  mode?: 'backfill' | 'reconcile';
  /** "2026-01-31" (the shop's midnight) or a time with its zone. */
  since?: string;
  /** Backfill only. */
  history?: 'points' | 'spend_only';
}

export interface Stats {
  entries: Int64Out;
  quarantine_open: Int64Out;
}

export interface IngestEvent {
  type: 'customer' | 'customer_unlinked' | 'order' | 'skipped';
  ref: string;
  applied: boolean;
  member_id?: string;
  status?: OrderStatus;
  stale?: boolean;
  created?: boolean;
  points_delta?: Int64Out;
  note?: string;
}

export interface IngestResult {
  outcome: 'applied' | 'duplicate' | 'stale' | 'ignored';
  events: IngestEvent[];
}

/** A plain object (node:http's req.headers included), a fetch Headers, a Map, or a JSON string. */
export type WebhookHeaders =
  | Record<string, string | string[] | undefined>
  | Headers
  | Map<string, string>
  | string;

export interface QuarantineQuery {
  shop_id?: string;
  include_resolved?: boolean;
  /** 1..500, default 50. */
  limit?: number;
  after?: Int64;
}

export interface QuarantinedDelivery {
  quarantine_id: Int64Out;
  shop_id: string;
  platform: Platform;
  headers: Record<string, string>;
  /** Present when the body is UTF-8. */
  body?: string;
  body_base64: string;
  error: string;
  received_at: string;
  resolved_at: string | null;
  resolution: string;
}

export interface QuarantinePage {
  /** Oldest first. */
  deliveries: QuarantinedDelivery[];
  next_after: Int64Out | null;
}

/** loyalty_last_error_json(): {"code": "ok", "message": ""} after a success. */
export interface LastError {
  code: 'ok' | 'invalid_argument' | 'not_found' | 'conflict' | 'insufficient_points' | 'unauthenticated' | 'storage'
    | 'internal';
  message: string;
  /** loyalty_ingest_webhook kept the delivery in quarantine under this id. */
  quarantine_id?: Int64Out;
  /** On insufficient_points: the member's available points and the points the call needed. */
  available?: Int64Out;
  requested?: Int64Out;
}

/** What Engine.attach() needs in another worker_thread; structured-cloneable. */
export interface SharedEngine {
  address: bigint;
  library: string;
}

/**
 * An engine over a store. Every method is synchronous: it returns once the change is durable, blocking this
 * thread's event loop meanwhile.
 */
export declare class Engine {
  constructor(config: EngineConfig | string);
  static attach(shared: SharedEngine): Engine;
  share(): SharedEngine;
  readonly closed: boolean;
  /** Stops this engine's servers, then closes the store. Idempotent. */
  close(): void;
  [Symbol.dispose](): void;

  putShop(shop: Shop | string): void;
  getShop(shopId: string): Shop;
  /** JSON Merge Patch of a stored shop; secrets sent as "***" or left out keep their stored values. */
  patchShop(shopId: string, patch: ShopPatch | string): Shop;
  recordOrder(shopId: string, order: Order | string): OrderResult;
  upsertCustomer(shopId: string, customer: Customer | string): UpsertResult;
  getMember(shopId: string, query: MemberQuery | string): Member;
  getBalance(shopId: string, memberId: string): Points;
  listTransactions(shopId: string, query: TransactionsQuery | string): TransactionsPage;
  adjustPoints(shopId: string, request: PointsRequest | string): PointsResult;
  redeemPoints(shopId: string, request: PointsRequest | string): PointsResult;
  /** What a basket would earn, its tier discount and what points could pay; writes nothing. */
  quote(shopId: string, request: QuoteRequest | string): Quote;
  /** Puts a member on a tier until a time; returns the member. */
  setTier(shopId: string, request: TierRequest | string): Member;
  /** Sets the member's group as the shop decides it (null: the platform's again); returns the member. */
  setGroup(shopId: string, request: GroupRequest | string): Member;
  /** Debits cost_points and issues a grant; the same idempotency_key returns the first grant. */
  claimReward(shopId: string, request: ClaimRequest | string): ClaimResult;
  /** The shop's event deliveries, oldest first, with the backlog (docs/notifications.md). */
  listEvents(shopId: string, query?: EventsQuery | string): EventDeliveriesPage;
  /** Delivered or failed deliveries of events from..to sent again. */
  replayEvents(shopId: string, request: EventsReplayRequest | string): EventsReplayed;
  /** Everything kept about one member (docs/personal-data.md); audited under request.actor. */
  exportMember(shopId: string, request: MemberDataRequest | string): MemberExport;
  /** Erases the member's personal data for good; the ledger stays. Audited; erasing again changes nothing. */
  eraseMember(shopId: string, request: MemberDataRequest | string): MemberErasure;
  /** Plays a game: an order's earned play, else cost_points; the same idempotency_key returns the first play. */
  playGame(shopId: string, request: PlayRequest | string): PlayResult;
  /** Plays, oldest first, each with its odds and draw. */
  listPlays(shopId: string, query?: PlayQuery | string): PlayPage;
  /** Whether a member can play a game now, and the odds; writes nothing. */
  gameStatus(shopId: string, request: GameStatusRequest | string): GameStatus;
  listGrants(shopId: string, query?: GrantsQuery | string): GrantsPage;
  /** Returns the grant, used by the order. */
  useGrant(shopId: string, request: GrantUseRequest | string): Grant;
  /** Returns the grant, voided: its points and stock come back. */
  voidGrant(shopId: string, request: GrantVoidRequest | string): Grant;
  /** Points paying part of an order, within the shop's redeem policy. */
  payWithPoints(shopId: string, request: PaymentRequest | string): PaymentResult;
  /** Settles a closed period's programs; a program settled before posts nothing new. */
  settlePeriod(shopId: string, request: SettleRequest | string): SettlementReport;
  /** Standings as settlement would compute them now; writes nothing. */
  leaderboard(shopId: string, request: LeaderboardRequest | string): Leaderboard;
  /** One of the shop's reports, as its HTTP route returns it; writes nothing. */
  report(shopId: string, request: ReportRequest & { report: 'segments' }): SegmentReport;
  report(shopId: string, request: ReportRequest & { report: 'cohorts' }): CohortReport;
  report(shopId: string, request: ReportRequest & { report: 'repeat-purchase' }): RepeatPurchaseReport;
  report(shopId: string, request: ReportRequest & { report: 'liability' }): LiabilityReport;
  report(shopId: string, request: ReportRequest & { report: 'rewards' }): RewardReport;
  report(shopId: string, request: ReportRequest & { report: 'tiers' }): TierReport;
  report(shopId: string, request: ReportRequest | string): Report;
  /** now: unix seconds or a Date; default the current time. */
  runMaintenance(now?: Int64 | Date): MaintenanceReport;
  getStats(): Stats;
  /** A shop's backfill and reconciliation per connected platform (loyalty_get_sync_status). */
  getSyncStatus(shopId: string): SyncStatus;
  /** Starts a backfill or reconciliation that a running loyaltyd carries out (loyalty_start_sync). */
  startSync(shopId: string, request: SyncRequest | string): SyncStatus;
  /** Adds a dashboard staff account (loyalty_add_staff). */
  addStaff(shopId: string, request: StaffRequest | string): StaffMember;
  /** The shop's staff accounts, by username (loyalty_list_staff). */
  listStaff(shopId: string): StaffList;
  /** Removes an account and ends its sessions (loyalty_remove_staff). */
  removeStaff(shopId: string, username: string): void;
  /** A new password; lifts a sign-in lock and ends the account's sessions (loyalty_reset_staff_password). */
  resetStaffPassword(shopId: string, request: StaffPasswordRequest | string): StaffMember;
  /** Throws StorageError when the store cannot serve calls now; on PostgreSQL it asks the server. */
  checkStorage(): void;
  ingestWebhook(platform: Platform | string, shopId: string | null, headers: WebhookHeaders,
    body: Buffer | Uint8Array | ArrayBuffer | string): IngestResult;
  /** Returns the challenge to answer with. */
  haravanHandshake(shopId: string, mode: string, verifyToken: string, challenge: string): string;
  listQuarantine(query?: QuarantineQuery | string): QuarantinePage;
  replayQuarantine(quarantineId: Int64): IngestResult;
  dismissQuarantine(quarantineId: Int64, reason: string): void;
  startServer(config: ServerConfig | string): Server;
}

/** loyaltyd's server running inside this process, on the library's own threads. */
export declare class Server {
  private constructor();
  /** The bound TCP port (useful with "port": 0). */
  readonly port: number;
  readonly stopped: boolean;
  /**
   * Reads the TLS certificate and key again from their files (a renewed certificate): new connections use
   * them, open ones keep theirs. Throws InvalidArgument when they cannot be used, and the
   * ones in use stay. Nothing to read without TLS. Throws (code ERR_LOYALTY_CLOSED) once stopped.
   */
  reload(): void;
  /**
   * Applies a configuration document read again to the running server (loaded on SIGHUP by loyaltyd):
   * limits, access_log and log_level for new connections (open ones after the request they await), the TLS certificate and key
   * from the files it names, and seeds not stored yet. The rest waits for a restart. Throws InvalidArgument,
   * changing nothing, for a bad document or TLS switched on or off. Throws (code ERR_LOYALTY_CLOSED) once stopped.
   */
  reconfigure(config: ServerConfig | string): void;
  /** Drains requests in flight and closes every connection. Idempotent. */
  stop(): void;
  [Symbol.dispose](): void;
}

/** The loaded library's "MAJOR.MINOR.PATCH". */
export declare function version(): string;
/** "ok", "invalid_argument", …, "unknown" for a number that is no status. */
export declare function statusName(status: number): string;

export declare class LoyaltyError extends Error {
  /** The library's status; undefined for errors raised before any call (library loading). */
  readonly status: StatusCode | number | undefined;
  /** statusName(status), or "library_not_found" / "library_version_mismatch". */
  readonly code: string;
  /** loyalty_last_error_json()'s document: {code, message, quarantine_id?, available?, requested?}; {} when none. */
  readonly details: ErrorDetails;
  /** Set when an authenticated webhook could not be read and was kept for replay. */
  readonly quarantineId?: number;
  /** On InsufficientPoints: the member's available points and the points the call needed. */
  readonly available?: number;
  readonly requested?: number;
}
/** loyalty_last_error_json()'s document, {} when there is none. */
export type ErrorDetails = Partial<LastError>;
export declare class InvalidArgument extends LoyaltyError {
  readonly status: 1;
}
export declare class NotFound extends LoyaltyError { readonly status: 2; }
export declare class Conflict extends LoyaltyError { readonly status: 3; }
export declare class InsufficientPoints extends LoyaltyError { readonly status: 4; }
export declare class Unauthenticated extends LoyaltyError { readonly status: 5; }
/** The store failed or is unavailable; safe to retry. */
export declare class StorageError extends LoyaltyError { readonly status: 6; }
/** A bug in the library: please report it with the message. */
export declare class InternalError extends LoyaltyError { readonly status: 7; }
export declare class LibraryNotFound extends LoyaltyError {
  readonly status: undefined;
}
export declare class LibraryVersionMismatch extends LoyaltyError {
  readonly status: undefined;
  /** The C function the loaded library lacks. */
  readonly symbol: string;
  /** Its loyalty_version(), or null when it has none. */
  readonly libraryVersion: string | null;
  readonly libraryPath: string;
}
