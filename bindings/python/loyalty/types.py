"""The JSON documents of the C ABI as ``TypedDict`` s, one per schema of ``docs/openapi.yaml`` (its
``components/schemas``, the one source of these shapes), with the same names and keys.

Generated from that file and kept in step by ``tests/schema``: a key added to or removed from a schema, or
made required or optional, fails that test until this module follows. Results may gain keys in a minor
release (see the compatibility policy at the top of ``include/loyalty/loyalty.h``).

Methods of :class:`loyalty.Engine` return plain ``dict`` s of these shapes; annotate with them::

    from loyalty.types import Member
    member: Member = engine.get_member("demo", {"phone": "0912345678"})  # type: ignore[assignment]
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, TypedDict


class BalanceSnapshot(TypedDict):
    available: int
    pending: int
    lifetime_earned: int
    lifetime_spend: int


class Bonuses(TypedDict, total=False):
    welcome: int
    first_order: int
    birthday: int


class ClaimRequest(TypedDict):
    member_id: str
    reward_id: str
    idempotency_key: str


class ClaimResult(TypedDict):
    grant: "Grant"
    points: "Points"
    replayed: bool


class _ConnectionRequired(TypedDict):
    platform: str


class Connection(_ConnectionRequired, total=False):
    """A shop's link to one platform. At least one of `secret` and `secrets`; every secret at least 8 characters."""

    secret: str
    secrets: List[str]
    verify_token: str
    org_id: str
    tier_groups: Dict[str, str]


class Customer(TypedDict, total=False):
    """A platform customer. Fields other than these are the host's and ignored."""

    platform: str
    customer_id: str
    phone: str
    name: str
    email: str
    birthday: str
    group: str


class _EarnRequired(TypedDict):
    spend_per_point: int


class Earn(_EarnRequired, total=False):
    max_points_per_order: int


_EarnRuleRequired = TypedDict("_EarnRuleRequired", {"rule_id": str})

_EarnRuleOptional = TypedDict("_EarnRuleOptional", {"multiplier_pct": int, "points_per_unit": int, "points_per_order": int, "skus": List[str], "categories": List[str], "tiers": List[str], "groups": List[str], "segments": List[str], "from": str, "to": str, "min_order": int, "max_points": int}, total=False)


class EarnRule(_EarnRuleRequired, _EarnRuleOptional):
    """Exactly one of multiplier_pct, points_per_unit, points_per_order. (keys that are Python keywords: functional syntax)."""


class _EngineConfigRequired(TypedDict):
    storage: str


class EngineConfig(_EngineConfigRequired, total=False):
    """loyalty_open's document. loyaltyd's keys (those of ServerConfig) may share it; any other key is refused."""

    shops: List["Shop"]
    sqlite: Dict[str, Any]
    postgresql: Dict[str, Any]
    listen: "ServerListen"
    admin_token: str
    insecure_http: bool
    limits: "ServerLimits"
    threads: "ServerThreads"
    maintenance_interval_s: int
    access_log: bool
    log_level: str  # "debug", "info" (the default), "warning" or "error"
    apps: "AppsConfig"
    dashboard: "DashboardConfig"
    notifications: "NotifierConfig"
    metrics: "MetricsConfig"


class NotifierConfig(TypedDict, total=False):
    """How loyaltyd sends the shops' events to their endpoints (docs/notifications.md)."""

    ca_file: str
    workers: int
    timeout_ms: int


class MetricsConfig(TypedDict, total=False):
    """Who may read /metrics: with a token, GET /metrics needs it as a bearer token."""

    token: str


class DashboardConfig(TypedDict, total=False):
    """The dashboard's sessions (docs/dashboard.md)."""

    session_idle_minutes: int
    session_absolute_hours: int


class _AppsConfigRequired(TypedDict):
    public_url: str
    token_key_file: str


class AppsConfig(_AppsConfigRequired, total=False):
    """The platform apps (apps/README.md); every base URL defaults to the real host."""

    haravan: Dict[str, Any]
    sapo: Dict[str, Any]
    kiotviet: Dict[str, Any]
    ca_file: str
    reconcile_interval_s: int


class Entry(TypedDict):
    """One ledger entry. Times in the shop's zone."""

    entry_id: int
    member_id: str
    kind: str
    points: int
    available_delta: int
    pending_delta: int
    reason: str
    ref: Dict[str, Any]
    detail: str
    occurred_at: str
    created_at: str
    balance: "Points"


class Expiry(TypedDict, total=False):
    """Exactly one of months and at."""

    months: int
    at: str


class Grant(TypedDict):
    """A reward given to a member. Times in the shop's zone."""

    grant_id: int
    code: str
    member_id: str
    reward_id: str
    name: str
    kind: str
    value: int
    sku: str
    quantity: int
    cost_points: int
    status: str
    source: str
    issued_at: str
    expires_at: Optional[str]
    used_at: Optional[str]
    used_order: Optional[str]
    voided_at: Optional[str]
    void_reason: Optional[str]


class _GrantUseRequestRequired(TypedDict):
    order_id: str


class GrantUseRequest(_GrantUseRequestRequired, total=False):
    """Names the grant by exactly one of grant_id and code."""

    grant_id: int
    code: str


class GrantVoidRequest(TypedDict, total=False):
    """Names the grant by exactly one of grant_id and code."""

    grant_id: int
    code: str
    reason: str


class GrantsPage(TypedDict):
    grants: List["Grant"]
    next_after: Optional[int]


# ---- Instant-win games (docs/games.md) ----

GameWindow = TypedDict("GameWindow", {"from": str, "to": str}, total=False)


class _GamePlaysPerOrderRequired(TypedDict):
    min_amount: int


class GamePlaysPerOrder(_GamePlaysPerOrderRequired, total=False):
    """A paid order of at least `min_amount` VND earns `plays` plays."""

    plays: int


class GameBudget(TypedDict):
    points_per_day: int


class _GamePrizeRequired(TypedDict):
    id: str
    weight: int


class GamePrize(_GamePrizeRequired, total=False):
    """A slot of the draw: `points` or `reward_id`, not both; with neither, an empty slot."""

    name: str
    points: int
    reward_id: str
    stock: Optional[int]
    daily_limit: Optional[int]


class _GameRequired(TypedDict):
    id: str
    name: str
    kind: str
    prizes: List[GamePrize]


class Game(_GameRequired, total=False):
    """An instant-win game of the shop document, a lucky wheel or a scratch card (docs/games.md)."""

    window: GameWindow
    cost_points: int
    plays_per_order: GamePlaysPerOrder
    budget: GameBudget
    tiers: List[str]
    groups: List[str]
    segments: List[str]


class _PlayRequestRequired(TypedDict):
    member_id: str
    idempotency_key: str


class PlayRequest(_PlayRequestRequired, total=False):
    """loyalty_play_game's request; `game_id` is required through the C ABI (over HTTP it is the path's)."""

    game_id: str


class Odds(TypedDict):
    prize_id: str
    weight: int


class WonPrize(TypedDict):
    id: str
    name: str
    points: int
    reward_id: Optional[str]


class Play(TypedDict):
    """One play of a game, with the odds it was drawn from and the number drawn. Times in the shop's zone."""

    play_id: int
    game_id: str
    member_id: str
    played_at: str
    prize_id: str
    prize: Optional[WonPrize]
    points_spent: int
    order_id: Optional[str]
    grant_id: Optional[int]
    odds: List[Odds]
    draw: int


class PlayResult(Play):
    """A play with the grant a reward prize issued, the plays left, the balance and `replayed`."""

    grant: Optional["Grant"]
    plays_left: int
    points: "Points"
    replayed: bool


class PlayQuery(TypedDict, total=False):
    game_id: str
    member_id: str
    limit: int
    after: int


class PlayPage(TypedDict):
    plays: List[Play]
    next_after: Optional[int]


class GameStatusRequest(TypedDict):
    game_id: str
    member_id: str


class GameStatus(TypedDict):
    """Whether a member can play a game now, and what a play now could win."""

    game_id: str
    name: str
    kind: str
    open: bool
    can_play: bool
    refusal: Optional[str]
    refusal_reason: Optional[str]  # closed, not_in_audience, nothing_to_win, no_plays, insufficient_points
    plays_left: int
    cost_points: int
    odds: List[Odds]


class Event(TypedDict):
    """What an endpoint receives as the body of a POST."""

    id: int
    type: str
    shop_id: str
    member_id: str
    created_at: str
    data: Dict[str, Any]


class _EventDeliveryRequired(TypedDict):
    delivery_id: int
    event_id: int
    type: str
    endpoint: str
    status: str
    attempts: int
    created_at: str
    next_attempt_at: Optional[str]
    delivered_at: Optional[str]
    last_error: Optional[str]
    event: Event


class EventDelivery(_EventDeliveryRequired, total=False):
    """One event to one endpoint."""

    member_id: str


class EventDeliveriesPage(TypedDict):
    deliveries: List[EventDelivery]
    next_after: Optional[int]
    backlog: Dict[str, Any]


class EventsQuery(TypedDict, total=False):
    status: str
    limit: int
    after: int


# "from" is a keyword: the functional form names it.
_EventsReplayRequestRequired = TypedDict("_EventsReplayRequestRequired", {"from": int})


class EventsReplayRequest(_EventsReplayRequestRequired, total=False):
    to: int
    only_failed: bool


class EventsReplayed(TypedDict):
    replayed: List[EventDelivery]


class GrantsQuery(TypedDict, total=False):
    member_id: str
    status: str
    code: str
    limit: int
    after: int


class _GroupRequestRequired(TypedDict):
    group: Optional[str]


class GroupRequest(_GroupRequestRequired, total=False):
    """Over HTTP `member_id` comes from the path."""

    member_id: str


class _IngestEventRequired(TypedDict):
    type: str
    ref: str
    applied: bool


class IngestEvent(_IngestEventRequired, total=False):
    """What one object of the delivery did. `member_id` when there is one; `status`, `stale` and"""

    member_id: str
    status: str
    stale: bool
    created: bool
    points_delta: int
    note: str


class IngestResult(TypedDict):
    """loyalty_ingest_webhook's result. Every event of a delivery is applied, or none."""

    outcome: str
    events: List["IngestEvent"]


class _LastErrorRequired(TypedDict):
    code: str
    message: str


class LastError(_LastErrorRequired, total=False):
    """loyalty_last_error_json(): this thread's last failure as data. `{"code": "ok", "message": ""}` after a"""

    quarantine_id: int
    available: int
    requested: int


class Leaderboard(TypedDict):
    program_id: str
    kind: str
    period: "Period"
    settled_at: Optional[str]
    standings: List["Standing"]


class _LeaderboardRequestRequired(TypedDict):
    program_id: str


class LeaderboardRequest(_LeaderboardRequestRequired, total=False):
    """Over HTTP `program_id` comes from the path and `at`, `limit` from the query."""

    at: str
    limit: int


# ---- The shop's reports (docs/program.md, "Reports"): loyalty_report's request and its results ----


class _ReportRequestRequired(TypedDict):
    report: str


class ReportRequest(_ReportRequestRequired, total=False):
    """`report`: segments, cohorts, repeat-purchase, liability, rewards or tiers; `months` 1..36 (12, not for
    segments); `limit` 1..100 (10, rewards only)."""

    months: int
    limit: int


class _SegmentRow(TypedDict):
    segment: str
    members: int
    previous_month_members: int


class SegmentReport(TypedDict):
    segments: List[_SegmentRow]
    month: str
    previous_month: str
    computed_at: Optional[str]


class _CohortRow(TypedDict):
    month: str
    members: int
    retained: List[int]
    repeat_members: int


# "from" is a keyword: these take the functional form. Months are "YYYY-MM".
CohortReport = TypedDict("CohortReport", {"from": str, "to": str, "cohorts": List[_CohortRow]})


class _RepeatMonth(TypedDict):
    month: str
    customers: int
    returning_customers: int
    orders: int


RepeatPurchaseReport = TypedDict("RepeatPurchaseReport", {
    "from": str, "to": str, "customers": int, "repeat_customers": int, "orders": int, "by_month": List[_RepeatMonth]})


class _LiabilityMonth(TypedDict):
    month: str
    earned: int
    redeemed: int
    expired: int
    adjusted: int
    outstanding_available: int
    outstanding_pending: int


LiabilityReport = TypedDict("LiabilityReport", {"from": str, "to": str, "months": List[_LiabilityMonth]})


class _RewardClaims(TypedDict):
    reward_id: str
    name: Optional[str]
    claims: int
    used: int
    points_spent: int


RewardReport = TypedDict("RewardReport", {"from": str, "to": str, "rewards": List[_RewardClaims]})


class _TierRedemption(TypedDict):
    tier: str
    members: int
    earned: int
    redeemed: int
    redeeming_members: int


TierReport = TypedDict("TierReport", {"from": str, "to": str, "tiers": List[_TierRedemption]})


class MaintenanceReport(TypedDict):
    now: str
    entries: int
    deliveries_forgotten: int
    tiers_reviewed: int
    lots_released: int
    lots_expired: int
    birthday_bonuses: int
    members_segmented: int
    periods_settled: int
    anniversary_awards: int
    skipped: bool
    ledger_consistent: bool
    balance_mismatches: List[Dict[str, Any]]
    failures: List[Dict[str, Any]]
    suspect_merges: List[Dict[str, Any]]


class Member(TypedDict):
    """loyalty_get_member's result. Text fields the member has no value for are empty strings."""

    member_id: str
    name: str
    phone: str
    phone_text: str
    email: str
    birthday: str
    group: str
    group_by_shop: bool
    created_at: str
    points: "MemberPoints"
    spend: Dict[str, Any]
    refs: List[Dict[str, Any]]
    tier: Optional["MemberTier"]
    expiring: List[Dict[str, Any]]
    programs: List["MemberProgram"]
    opted_out: bool
    rfm: Optional["Rfm"]


class _MemberDataRequestRequired(TypedDict):
    member_id: str


class MemberDataRequest(_MemberDataRequestRequired, total=False):
    """loyalty_export_member's and loyalty_erase_member's request."""

    actor: str


class MergedRecord(TypedDict):
    member_id: str
    name: str
    phone: str
    phone_text: str
    email: str
    birthday: str
    group: str
    created_at: str
    merged_into: Optional[str]


class MemberContact(TypedDict):
    page_token: str
    opted_out: bool
    updated_at: str


class MemberLot(TypedDict):
    lot_id: int
    member_id: str
    source: Dict[str, str]
    points: int
    remaining: int
    earned_at: str
    release_at: Optional[str]
    expires_at: Optional[str]


class MemberMarker(TypedDict):
    member_id: str
    marker: str
    created_at: str


class MemberOrder(TypedDict):
    order_id: str
    member_id: str
    status: str
    amount: int
    refunded_amount: int
    returned_amount: int
    points: int
    bonus_points: int
    spend: int
    tier: str
    history: bool
    occurred_at: str
    paid_at: Optional[str]
    updated_at: str
    lines: List[Dict[str, Any]]


class MemberPayment(TypedDict):
    order_id: str
    member_id: str
    points: int
    amount: int
    returned_points: int
    created_at: str
    updated_at: str


class MemberStanding(TypedDict):
    program_id: str
    period: str
    member_id: str
    name: str
    rank: int
    spend: int
    points: int
    rebate: int


class PlatformWrite(TypedDict):
    """A write to a platform about the member, from the outbox."""

    job_id: int
    platform: str
    kind: str
    status: str
    payload: Any
    attempts: int
    created_at: str
    done_at: Optional[str]
    last_error: Optional[str]


class AuditRecord(TypedDict):
    audit_id: int
    at: str
    actor: str
    action: str
    target: str
    detail: str


class MemberExport(TypedDict):
    """Everything the shop keeps about one member (docs/personal-data.md)."""

    shop_id: str
    exported_at: str
    erased_at: Optional[str]
    member: Member
    merged_records: List[MergedRecord]
    contact: Optional[MemberContact]
    entries: List["Entry"]
    lots: List[MemberLot]
    markers: List[MemberMarker]
    grants: List["Grant"]
    orders: List[MemberOrder]
    payments: List[MemberPayment]
    standings: List[MemberStanding]
    events: List["Event"]
    deliveries: List["EventDelivery"]
    platform_writes: List[PlatformWrite]
    quarantined: List["QuarantinedDelivery"]
    plays: List[Play]
    audit: List[AuditRecord]


class MemberErasure(TypedDict):
    """What loyalty_erase_member removed; all 0 and False when erasing again."""

    member_id: str
    erased_at: str
    already_erased: bool
    removed: Dict[str, Any]


class MemberPoints(TypedDict):
    available: int
    pending: int
    lifetime_earned: int


class MemberProgram(TypedDict):
    """A Standing without member_id and name, with its program and period."""

    program_id: str
    kind: str
    period: "Period"
    rank: Optional[int]
    spend: int
    units: Optional[int]
    band: Optional[int]
    times: int
    points: int
    grant_id: Optional[int]
    rebate: int
    reached_at: Optional[str]
    next: Optional[Dict[str, Any]]


class MemberQuery(TypedDict, total=False):
    """{"member_id"}, {"phone"}, or {"platform", "customer_id"}."""

    member_id: str
    phone: str
    platform: str
    customer_id: str


class _MemberTierRequired(TypedDict):
    name: str
    since: str
    next: Optional[Dict[str, Any]]


class MemberTier(_MemberTierRequired, total=False):
    until: str


class _OrderRequired(TypedDict):
    order_id: str
    status: str
    amount: int
    customer: "Customer"


class Order(_OrderRequired, total=False):
    """A platform-neutral order in its latest state. Fields other than these are the host's and ignored."""

    refunded_amount: int
    version: int
    occurred_at: str
    lines: List["OrderLine"]
    discount_codes: List[str]


class OrderLine(TypedDict, total=False):
    """Fields other than these are the host's and ignored."""

    sku: str
    category: str
    quantity: int
    amount: int


class OrderResult(TypedDict):
    member_id: str
    applied: bool
    points_delta: int
    points: "Points"


class PaymentRequest(TypedDict):
    member_id: str
    order_id: str
    order_amount: int
    points: int
    idempotency_key: str


class PaymentResult(TypedDict):
    payment: Dict[str, Any]
    entry: "Entry"
    points: "Points"
    replayed: bool


_PeriodRequired = TypedDict("_PeriodRequired", {"key": str, "from": str, "to": str})

_PeriodOptional = TypedDict("_PeriodOptional", {}, total=False)


class Period(_PeriodRequired, _PeriodOptional):
    """A calendar period in the shop's zone; `to` is exclusive. (keys that are Python keywords: functional syntax)."""


class Points(TypedDict):
    """A member's balance."""

    available: int
    pending: int


class _PointsRequestRequired(TypedDict):
    points: int
    idempotency_key: str


class PointsRequest(_PointsRequestRequired, total=False):
    """loyalty_redeem_points / loyalty_adjust_points. Redeem: `points` > 0. Adjust: `points` != 0 (negative"""

    member_id: str
    reason: str


class PointsResult(TypedDict):
    """Carries nothing that tells a first answer from a replay."""

    member_id: str
    entry: "Entry"
    points: "Points"


class ProgramSettlement(TypedDict):
    program_id: str
    kind: str
    period: "Period"
    settled_at: Optional[str]
    already_settled: bool
    standings: List["Standing"]


class QuarantinePage(TypedDict):
    deliveries: List["QuarantinedDelivery"]
    next_after: Optional[int]


class QuarantineQuery(TypedDict, total=False):
    shop_id: str
    include_resolved: bool
    limit: int
    after: int


class _QuarantinedDeliveryRequired(TypedDict):
    quarantine_id: int
    shop_id: str
    platform: str
    headers: Dict[str, Any]
    body_base64: str
    error: str
    received_at: str
    resolved_at: Optional[str]
    resolution: str


class QuarantinedDelivery(_QuarantinedDeliveryRequired, total=False):
    """An authenticated delivery that could not be applied, kept whole. Times in UTC."""

    body: str


class Quote(TypedDict):
    member_id: Optional[str]
    tier: Optional[str]
    discount: Dict[str, Any]
    redeem: Optional[Dict[str, Any]]
    earn: Dict[str, Any]


class _QuoteRequestRequired(TypedDict):
    amount: int


class QuoteRequest(_QuoteRequestRequired, total=False):
    member_id: str
    tier: str
    lines: List["OrderLine"]
    redeem_points: int
    at: str


class _AnniversaryRequired(TypedDict):
    program_id: str


class Anniversary(_AnniversaryRequired, total=False):
    """An award on a member's anniversaries, granted once each by maintenance (docs/distributor.md)."""
    years: List[int]
    every_years: int
    since: str
    min_spend_past_year: int
    groups: List[str]
    points: int
    reward_id: str


class _AppreciationRequired(TypedDict):
    program_id: str
    min_years: int
    min_spend: int


class Appreciation(_AppreciationRequired, total=False):
    """A yearly list of partners of long standing, settled like the period programs (docs/distributor.md)."""
    groups: List[str]
    points: int
    reward_id: str


class _RankingRequired(TypedDict):
    program_id: str
    prizes: List[Dict[str, Any]]


class Ranking(_RankingRequired, total=False):
    period: str
    groups: List[str]


class _RedeemPolicyRequired(TypedDict):
    point_value: int


class RedeemPolicy(_RedeemPolicyRequired, total=False):
    max_order_pct: int


class _RewardRequired(TypedDict):
    reward_id: str
    name: str
    kind: str
    cost_points: int


class Reward(_RewardRequired, total=False):
    value: int
    sku: str
    stock: Optional[int]
    valid_days: Optional[int]
    tiers: List[str]
    groups: List[str]
    segments: List[str]


class Rfm(TypedDict):
    """The member's RFM scores as maintenance last computed them (docs/program.md, "Segments")."""

    recency: int
    frequency: int
    monetary: int
    segment: str
    recency_days: int
    orders: int
    spend: int
    computed_at: str


class _ServerConfigRequired(TypedDict):
    listen: "ServerListen"
    admin_token: str


class ServerConfig(_ServerConfigRequired, total=False):
    """loyalty_server_start's document (loyaltyd's configuration). The engine's keys (those of EngineConfig) may"""

    insecure_http: bool
    limits: "ServerLimits"
    threads: "ServerThreads"
    maintenance_interval_s: int
    access_log: bool
    log_level: str  # "debug", "info" (the default), "warning" or "error"
    apps: "AppsConfig"
    dashboard: "DashboardConfig"
    notifications: NotifierConfig
    metrics: MetricsConfig
    storage: str
    shops: List["Shop"]
    sqlite: Dict[str, Any]
    postgresql: Dict[str, Any]


class ServerLimits(TypedDict, total=False):
    body_bytes: int
    header_bytes: int
    handshake_timeout_ms: int
    read_timeout_ms: int
    idle_timeout_ms: int
    drain_timeout_ms: int
    max_connections: int
    max_connections_per_address: int
    max_handshakes_per_address: int
    handshakes_per_second_per_address: int


class ServerListen(TypedDict, total=False):
    address: str
    port: int
    tls: Dict[str, Any]


class ServerThreads(TypedDict, total=False):
    io: int
    engine: int


class _SettleRequestRequired(TypedDict):
    period: str


class SettleRequest(_SettleRequestRequired, total=False):
    program_id: str
    at: str


class SettlementReport(TypedDict):
    period: "Period"
    programs: List["ProgramSettlement"]


class _EndpointRequired(TypedDict):
    url: str
    secret: str


class Endpoint(_EndpointRequired, total=False):
    """An https:// URL that receives the shop's events, each POST signed with the secret."""

    events: List[str]


class _ZaloChannelRequired(TypedDict):
    app_id: str
    secret_key: str
    refresh_token: str


class ZaloChannel(_ZaloChannelRequired, total=False):
    """Zalo Notification Service through the shop's Official Account."""

    token_url: str
    send_url: str


SmsSuccess = TypedDict("SmsSuccess", {"field": str, "equals": str})


class _SmsChannelRequired(TypedDict):
    url: str


class SmsChannel(_SmsChannelRequired, total=False):
    """An HTTP SMS gateway as a request template."""

    method: str
    headers: Dict[str, str]
    body: str
    content_type: str
    secrets: Dict[str, str]
    phone_format: str
    success: SmsSuccess


class MessageChannels(TypedDict, total=False):
    zalo: ZaloChannel
    sms: SmsChannel


class _MessageRuleRequired(TypedDict):
    event: str
    channel: str


class MessageRule(_MessageRuleRequired, total=False):
    """A message about an event: an sms text, or a zalo template with parameters."""

    template: str
    template_id: str
    params: Dict[str, str]


QuietHours = TypedDict("QuietHours", {"from": str, "to": str}, total=False)


class Notifications(TypedDict, total=False):
    """Where the shop's events go, and what members are told (docs/notifications.md)."""

    endpoints: List[Endpoint]
    expiring_days: int
    channels: MessageChannels
    messages: List[MessageRule]
    quiet_hours: QuietHours
    max_per_member_per_day: int


class _ShopRequired(TypedDict):
    shop_id: str
    earn: "Earn"


class Shop(_ShopRequired, total=False):
    """A shop's program, as loyalty_put_shop takes it and loyalty_get_shop / loyalty_patch_shop give it back"""

    name: str
    timezone: str
    connections: List["Connection"]
    placeholder_phones: List[str]
    notifications: Notifications
    tiers: "Tiers"
    rules: List[Optional[Dict[str, Any]]]
    bonuses: "Bonuses"
    pending_days: int
    expiry: Optional[Dict[str, Any]]
    redeem: "RedeemPolicy"
    rewards: List["Reward"]
    games: List["Game"]
    volume_bonuses: List["VolumeBonus"]
    targets: List["Target"]
    rankings: List["Ranking"]
    anniversaries: List["Anniversary"]
    appreciations: List["Appreciation"]
    settle_after_days: int


class Standing(TypedDict):
    """A member's place in a distributor program's period (docs/distributor.md)."""

    member_id: str
    name: str
    rank: Optional[int]
    spend: int
    units: Optional[int]
    band: Optional[int]
    times: int
    points: int
    grant_id: Optional[int]
    rebate: int
    reached_at: Optional[str]
    next: Optional[Dict[str, Any]]


class Stats(TypedDict):
    entries: int
    quarantine_open: int


class _TargetRequired(TypedDict):
    program_id: str
    period: str
    bands: List[Dict[str, Any]]


class Target(_TargetRequired, total=False):
    groups: List[str]


class _TierLevelRequired(TypedDict):
    name: str
    threshold: int


class TierLevel(_TierLevelRequired, total=False):
    earn_multiplier_pct: int
    discount_pct: int
    discount_cap: int
    min_order: int
    upgrade_bonus: int


class _TierRequestRequired(TypedDict):
    tier: str
    until: str


class TierRequest(_TierRequestRequired, total=False):
    """Over HTTP `member_id` comes from the path."""

    member_id: str


class _TiersRequired(TypedDict):
    levels: List["TierLevel"]


class Tiers(_TiersRequired, total=False):
    basis: str
    window: str
    review: str
    grace_reviews: int


class TransactionsPage(TypedDict):
    transactions: List["Entry"]
    next_before: Optional[int]


class _TransactionsQueryRequired(TypedDict):
    member_id: str


class TransactionsQuery(_TransactionsQueryRequired, total=False):
    limit: int
    before: int


class UpsertResult(TypedDict):
    member_id: str
    created: bool


class _VolumeBonusRequired(TypedDict):
    program_id: str
    period: str
    units: int


class VolumeBonus(_VolumeBonusRequired, total=False):
    skus: List[str]
    categories: List[str]
    groups: List[str]
    repeat: bool
    points: int
    reward_id: str


class StaffMember(TypedDict):
    """A dashboard staff account (loyalty_add_staff, loyalty_list_staff)."""

    username: str
    role: str
    created_at: str
    last_login_at: Optional[str]
    signs_in_with: str


class StaffList(TypedDict):
    staff: List[StaffMember]


class StaffRequest(TypedDict):
    """loyalty_add_staff's request."""

    username: str
    role: str
    password: str


class StaffPasswordRequest(TypedDict):
    """loyalty_reset_staff_password's request."""

    username: str
    password: str


class SyncProgressCount(TypedDict):
    done: int
    total: Optional[int]


class SyncStatus(TypedDict):
    """A shop's backfill and reconciliation per connected platform (loyalty_get_sync_status)."""

    shop_id: str
    platforms: Dict[str, Dict[str, Any]]


class _SyncRequestRequired(TypedDict):
    platform: str


class SyncRequest(_SyncRequestRequired, total=False):
    """loyalty_start_sync's request: a backfill or reconciliation a running loyaltyd carries out."""

    mode: str
    since: str
    history: str
