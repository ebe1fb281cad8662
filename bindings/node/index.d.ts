// Type declarations for the `loyalty` package: libloyalty's C ABI for Node.js.

/**
 * Points and money are int64 in the library. They arrive as a `number` while exactly representable
 * (|n| <= Number.MAX_SAFE_INTEGER) and as a `bigint` beyond; either is accepted going in.
 */
export type Int64 = number | bigint;

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

export type Platform = 'haravan' | 'sapo' | 'kiotviet';

export interface Connection {
  platform: Platform;
  secret?: string;
  /** Several while rotating: any of them verifies. */
  secrets?: string[];
  /** Haravan's subscription handshake token. */
  verify_token?: string;
}

export interface Shop {
  shop_id: string;
  name?: string;
  /** Default Asia/Ho_Chi_Minh. */
  timezone?: string;
  earn: { spend_per_point: Int64 };
  connections?: Connection[];
  /** The catalogue members claim with points (docs/rewards.md). */
  rewards?: Reward[];
}

export interface EngineConfig {
  /** "sqlite:/path/to/loyalty.db" or "sqlite::memory:". */
  storage: string;
  shops?: Shop[];
  sqlite?: { synchronous?: 'full' | 'normal'; busy_timeout_ms?: number };
  /** loyaltyd's keys (listen, admin_token, limits, ...) may share the document. */
  [key: string]: unknown;
}

export interface ServerConfig {
  listen: { address: string; port: number; tls?: { cert: string; key: string } };
  /** At least 16 characters. */
  admin_token: string;
  /** Plain HTTP, only behind a proxy that terminates TLS. */
  insecure_http?: boolean;
  limits?: {
    body_bytes?: number; header_bytes?: number; handshake_timeout_ms?: number; read_timeout_ms?: number;
    idle_timeout_ms?: number; drain_timeout_ms?: number; max_connections?: number;
  };
  threads?: { io?: number; engine?: number };
  maintenance_interval_s?: number;
  access_log?: boolean;
  [key: string]: unknown;
}

export interface Customer {
  platform: string;
  customer_id: string;
  phone?: string;
  name?: string;
  email?: string;
  birthday?: string;
  group?: string;
}

export type OrderStatus = 'pending' | 'paid' | 'partially_refunded' | 'refunded' | 'cancelled';

export interface Order {
  order_id: string;
  status: OrderStatus;
  amount: Int64;
  refunded_amount?: Int64;
  occurred_at?: string;
  version?: Int64;
  customer?: Customer;
  lines?: Array<{ sku?: string; [key: string]: unknown }>;
  /** Extra fields are ignored by the library. */
  [key: string]: unknown;
}

export interface Points {
  available: Int64;
  pending: Int64;
}

export interface OrderResult {
  member_id: string;
  /** False when the order already was in that state or its version is older. */
  applied: boolean;
  points_delta: Int64;
  points: Points;
}

export interface UpsertResult {
  member_id: string;
  created: boolean;
}

export type MemberQuery = { member_id: string } | { phone: string } | { platform: string; customer_id: string };

export interface Member {
  member_id: string;
  name: string;
  /** "+84…" */
  phone: string;
  email: string;
  birthday: string;
  group: string;
  created_at: string;
  points: Points & { lifetime_earned: Int64 };
  spend: { lifetime: Int64; qualifying?: Int64 };
  /** null when the shop has no tiers */
  tier: { name: string; since: string; until?: string; next: { name: string; remaining: Int64 } | null } | null;
  expiring: Array<{ points: Int64; at: string }>;
  refs: Array<{ platform: string; customer_id: string }>;
}

export interface OrderLine {
  sku?: string;
  category?: string;
  quantity?: Int64;
  amount?: Int64;
}

export interface QuoteRequest {
  member_id?: string;
  amount: Int64;
  lines?: OrderLine[];
  redeem_points?: Int64;
  at?: string;
}

export interface Quote {
  member_id: string | null;
  tier: string | null;
  discount: { pct: Int64; amount: Int64 };
  redeem: { point_value: Int64; available: Int64; max_points: Int64; max_amount: Int64; points: Int64; amount: Int64 } | null;
  earn: { points: Int64; base: Int64; tier_pct: Int64; rules: Array<{ rule_id: string; points: Int64 }> };
}

export interface TierRequest {
  member_id: string;
  tier: string;
  until: string;
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
  valid_days?: Int64 | null;
  tiers?: string[];
  groups?: string[];
}

export interface GroupRequest {
  member_id: string;
  /** null hands the group back to the platform. */
  group: string | null;
}

export type GrantStatus = 'issued' | 'used' | 'voided' | 'expired';

/** Times are ISO 8601 in the shop's zone. */
export interface Grant {
  grant_id: Int64;
  code: string;
  member_id: string;
  reward_id: string;
  name: string;
  kind: string;
  value: Int64;
  sku: string;
  quantity: Int64;
  cost_points: Int64;
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
  next_after: Int64 | null;
}

/** Names the grant by grant_id or by code. */
export type GrantRef = { grant_id: Int64; code?: never } | { code: string; grant_id?: never };
export type GrantUseRequest = GrantRef & { order_id: string };
export type GrantVoidRequest = GrantRef & { reason: string };

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
  payment: { order_id: string; member_id: string; points: Int64; amount: Int64; returned_points: Int64 };
  entry: Transaction;
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
  spend: Int64;
  units: Int64 | null;
  band: number | null;
  times: Int64;
  points: Int64;
  grant_id: Int64 | null;
  rebate: Int64;
  reached_at: string | null;
  next: { threshold: Int64; remaining: Int64 } | null;
}

export type ProgramKind = 'volume' | 'target' | 'ranking';

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
  settled_at: string;
  /** Settled before: reported as it was, nothing new posted. */
  already_settled: boolean;
  standings: Standing[];
}

export interface SettleReport {
  period: Period;
  programs: ProgramSettlement[];
}

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

export interface Transaction {
  entry_id: Int64;
  member_id: string;
  kind: string;
  points: Int64;
  available_delta: Int64;
  pending_delta: Int64;
  reason: string;
  ref: { type: string; id: string };
  detail: string;
  occurred_at: string;
  created_at: string;
  balance: Points;
}

export interface TransactionsQuery {
  member_id: string;
  /** 1..500, default 50. */
  limit?: number;
  /** An entry id cursor: next_before of the previous page. */
  before?: Int64;
}

export interface TransactionsPage {
  /** Newest first. */
  transactions: Transaction[];
  next_before: Int64 | null;
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
  entry: Transaction;
  points: Points;
}

export interface BalanceSnapshot {
  available: Int64;
  pending: Int64;
  lifetime_earned: Int64;
  lifetime_spend: Int64;
}

export interface MaintenanceReport {
  /** The time the report was run for, as an ISO 8601 timestamp. */
  now: string;
  entries: Int64;
  deliveries_forgotten: Int64;
  ledger_consistent: boolean;
  balance_mismatches: Array<{ shop_id: string; member_id: string; cached: BalanceSnapshot; ledger: BalanceSnapshot }>;
}

export interface Stats {
  entries: Int64;
  quarantine_open: Int64;
}

export interface IngestEvent {
  type: 'customer' | 'customer_unlinked' | 'order' | 'skipped';
  ref: string;
  applied: boolean;
  member_id?: string;
  status?: OrderStatus;
  stale?: boolean;
  created?: boolean;
  points_delta?: Int64;
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
  quarantine_id: Int64;
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
  next_after: Int64 | null;
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
  patchShop(shopId: string, patch: Partial<Shop> | Record<string, unknown> | string): Shop;
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
  listGrants(shopId: string, query?: GrantsQuery | string): GrantsPage;
  /** Returns the grant, used by the order. */
  useGrant(shopId: string, request: GrantUseRequest | string): Grant;
  /** Returns the grant, voided: its points and stock come back. */
  voidGrant(shopId: string, request: GrantVoidRequest | string): Grant;
  /** Points paying part of an order, within the shop's redeem policy. */
  payWithPoints(shopId: string, request: PaymentRequest | string): PaymentResult;
  /** Settles a closed period's programs; a program settled before posts nothing new. */
  settlePeriod(shopId: string, request: SettleRequest | string): SettleReport;
  /** Standings as settlement would compute them now; writes nothing. */
  leaderboard(shopId: string, request: LeaderboardRequest | string): Leaderboard;
  /** now: unix seconds or a Date; default the current time. */
  runMaintenance(now?: Int64 | Date): MaintenanceReport;
  getStats(): Stats;
  /** Throws StorageError when the store cannot serve calls now; on PostgreSQL it asks the server. */
  checkStorage(): void;
  ingestWebhook(platform: Platform | string, shopId: string, headers: WebhookHeaders,
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
export interface ErrorDetails {
  code?: string;
  message?: string;
  quarantine_id?: number;
  available?: number;
  requested?: number;
}
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
