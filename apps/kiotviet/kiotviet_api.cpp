#include "kiotviet_api.hpp"

#include <boost/json.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <set>

#include "api_failure.hpp"
#include "common/crypto.hpp"
#include "common/money.hpp"
#include "http/json_body.hpp"
#include "util/error.hpp"
#include "util/timestamp.hpp"
#include "util/zone.hpp"

// What this file relies on, from KiotViet's public API documentation ("confirmed") or from
// integrations only ("reported"):
// - lists (confirmed): `GET /customers|/invoices?lastModifiedFrom=<shop-local time>&pageSize=100&
//   currentItem=<offset>&orderBy=modifiedDate` answer {"total", "pageSize", "data": [...]}; customers
//   with `includeRemoveIds=true` also carry "removeIds": [ids deleted since]. Objects are camelCase,
//   which the connector reads as it reads the webhooks' PascalCase.
// - webhooks (confirmed): `GET /webhooks` lists {"data": [{"id", "type", "url", "isActive"}]}, `POST
//   /webhooks {"Webhook": {...}}` registers one, `DELETE /webhooks/{id}` removes one.
// - customer groups (reported): `GET /customers/{id}` answers the customer with "groupIds" (or
//   "groups": ids, {id} objects, or the group names as "A|B" text, resolved through `GET
//   /customers/group`); `PUT /customers/{id} {"groupIds": [...]}` replaces the customer's groups and
//   leaves the other fields alone.
// - vouchers (documented thinly, §2.24): a voucher belongs to a voucher campaign ("đợt phát hành")
//   made in KiotViet's back office, which sets its value (`price`, VND), validity and where it
//   applies; the API only adds codes to an active campaign and releases or cancels them. `GET
//   /vouchercampaign?isActive=true` lists campaigns {"data": [{"id", "price", "isActive"}]}; `GET
//   /voucher?campaignId=<id>` lists its vouchers {"data": [{"id", "code", "status"}]} (status 0
//   created, 1 released, 2 used, 3 cancelled), and is asked with `code=<code>` too (reported: the
//   answer is still searched for the exact code, so a server ignoring it is only slower); `POST
//   /voucher {"voucherCampaignId", "data": [{"code"}]}` adds a code (the answer is only a message);
//   `POST /voucher/release/give {"CampaignId", "Vouchers": [{"Code"}], "ReleaseDate"}` gives it out;
//   `DELETE /voucher/cancel {"CampaignId", "Vouchers": [{"Code"}]}` cancels it (a body on DELETE,
//   as documented).

namespace loyalty::apps {
namespace {

namespace json = boost::json;

constexpr std::string_view platform = "kiotviet";

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool same_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

// The member `name`, spelt camelCase or PascalCase (as the connector reads them); null is absent.
const json::value* member(const json::object& o, std::string_view name) {
    const json::value* found = o.if_contains(name);
    if (!found) {
        for (const auto& kv : o)
            if (same_ignoring_case(std::string_view(kv.key().data(), kv.key().size()), name)) {
                found = &kv.value();
                break;
            }
    }
    return found && !found->is_null() ? found : nullptr;
}

const json::value* member(const json::value& v, std::string_view name) {
    return v.is_object() ? member(v.get_object(), name) : nullptr;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// An id as decimal text: an integer, or a string of digits. Anything else is empty.
std::string id_text(const json::value* v) {
    if (!v) return {};
    if (v->is_int64()) return v->get_int64() > 0 ? std::to_string(v->get_int64()) : std::string();
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    if (v->is_string() && all_digits(v->get_string())) return std::string(v->get_string());
    return {};
}

// KiotViet's ids are integers; one beyond int64 stays the text it came as.
json::value id_value(const std::string& id) {
    if (all_digits(id) && id.size() <= 18) return json::value(std::stoll(id));
    return json::value(id);
}

std::string text_of(const json::value* v) { return v && v->is_string() ? std::string(v->get_string()) : std::string(); }

std::optional<int64_t> integer_of(const json::value* v) {
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(v->get_uint64());
    if (v->is_string() && all_digits(v->get_string()) && v->get_string().size() <= 18)
        return std::stoll(std::string(v->get_string()));
    return std::nullopt;
}

// The list of a KiotViet page: "data", absent or null when there is nothing (a bare array is
// taken as the list itself).
const json::array& data_of(const json::value& doc) {
    static const json::array none;
    if (doc.is_array()) return doc.get_array();
    if (!doc.is_object()) fail_api(platform, "answered a list that is not a JSON object");
    const json::value* data = member(doc.get_object(), "data");
    if (!data) return none;
    if (!data->is_array()) fail_api(platform, "answered a list whose \"data\" is not an array");
    return data->get_array();
}

std::string envelope(const std::string& id, std::string_view action, json::array data) {
    json::object notification{{"Action", action}, {"Data", std::move(data)}};
    json::object e{{"Id", id}, {"Attempt", 1}, {"Notifications", json::array{std::move(notification)}}};
    return json::serialize(e);
}

// Each listing's path, the kind named in delivery keys, and the notification its objects are given
// as. KiotViet sends no webhook for returns: "return.update" is the connector's action for pulled ones.
struct Listing {
    const char* path;
    const char* kind;
    const char* action;
};

Listing listing_of(Resource r) {
    switch (r) {
        case Resource::customers: return {"/customers", "customer", "customer.update"};
        case Resource::orders: return {"/invoices", "invoice", "invoice.update"};
        case Resource::returns: return {"/returns", "return", "return.update"};
    }
    return {"/invoices", "invoice", "invoice.update"};
}

}  // namespace

KiotVietApi::KiotVietApi(const KiotVietApp& app, http::RetryingClient& client, std::string limit_key,
                         std::string retailer, std::string access_token, std::string webhook_address,
                         std::string webhook_secret, std::shared_ptr<const core::Zone> zone,
                         std::map<std::string, std::string> tier_groups)
    : app_(app),
      client_(client),
      limit_key_(std::move(limit_key)),
      retailer_(std::move(retailer)),
      token_(std::move(access_token)),
      webhook_address_(std::move(webhook_address)),
      webhook_secret_(std::move(webhook_secret)),
      zone_(std::move(zone)),
      tier_groups_(std::move(tier_groups)) {
    if (!zone_) zone_ = core::Zone::load("Asia/Ho_Chi_Minh");
}

const std::vector<std::string>& KiotVietApi::webhook_types() {
    static const std::vector<std::string> types{"customer.update", "customer.delete", "invoice.update"};
    return types;
}

http::Response KiotVietApi::call(const std::string& method, const std::string& url, const std::string& body) {
    http::Request r;
    r.method = method;
    r.url = url;
    r.headers = {{"Retailer", retailer_}, {"Authorization", "Bearer " + token_}, {"Accept", "application/json"}};
    if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    r.body = body;
    return checked(platform, client_.send(r, limit_key_));
}

json::value KiotVietApi::get_json(const std::string& url) { return http::parse_json_body(call("GET", url)); }

std::string KiotVietApi::local_time(int64_t t) const {
    // KiotViet's times carry no zone: they are the shop's wall time.
    return core::format_timestamp(t, *zone_).substr(0, 19);
}

Page KiotVietApi::list(Resource resource, int64_t since, int page) {
    if (page < 1) core::fail(core::Status::invalid_argument, "pages are counted from 1");
    const bool customers = resource == Resource::customers;
    const Listing listing = listing_of(resource);
    const int64_t current = static_cast<int64_t>(page - 1) * page_size;
    boost::urls::url u(app_.api_url + listing.path);
    auto p = u.params();
    p.append({"lastModifiedFrom", local_time(since)});
    p.append({"pageSize", std::to_string(page_size)});
    p.append({"currentItem", std::to_string(current)});
    p.append({"orderBy", "modifiedDate"});
    if (customers) p.append({"includeRemoveIds", "true"});
    json::value doc = get_json(std::string(u.buffer()));
    const json::array& data = data_of(doc);

    const std::string kind = listing.kind;
    const std::string_view action = listing.action;
    Page out;
    for (const auto& item : data) {
        if (!item.is_object()) fail_api(platform, "listed a " + kind + " that is not an object");
        // The delivery key: the same object unchanged is one delivery however often it is pulled.
        std::string id = id_text(member(item, "id"));
        if (id.empty()) id = "?" + connectors::hex_encode(connectors::hmac_sha256("", json::serialize(item)));
        std::string modified = text_of(member(item, "modifiedDate"));
        if (modified.empty()) modified = text_of(member(item, "createdDate"));
        PulledObject o;
        o.body = envelope("pull:" + kind + ":" + id + ":" + modified, action, json::array{item});
        out.objects.push_back(std::move(o));
    }
    if (customers) {
        if (const json::value* removed = member(doc, "removeIds"); removed && removed->is_array()) {
            for (const auto& r : removed->get_array()) {
                // One delivery per id, keyed by the id alone: a removal listed again is a duplicate.
                std::string id = id_text(&r);
                PulledObject o;
                o.body = envelope("pull:customer.delete:" + (id.empty() ? json::serialize(r) : id), "customer.delete",
                                  json::array{r});
                out.objects.push_back(std::move(o));
            }
        }
    }
    if (auto total = integer_of(member(doc, "total")))
        out.more = !data.empty() && current + static_cast<int64_t>(data.size()) < *total;
    else
        out.more = data.size() >= static_cast<std::size_t>(page_size);
    return out;
}

std::optional<int64_t> KiotVietApi::count(Resource resource, int64_t since) {
    boost::urls::url u(app_.api_url + listing_of(resource).path);
    auto p = u.params();
    p.append({"lastModifiedFrom", local_time(since)});
    p.append({"pageSize", "1"});
    p.append({"currentItem", "0"});
    json::value doc = get_json(std::string(u.buffer()));
    auto total = integer_of(member(doc, "total"));
    if (!total || *total < 0) return std::nullopt;
    return total;
}

std::string KiotVietApi::registered_secret() const {
    // The connector keys the HMAC with the connection's secret and, when that secret is base64,
    // with the bytes it decodes to (connectors/kiotviet/signature.cpp): KiotViet has been seen to
    // use either form of the Secret it was given. So a secret that is already base64 text (the
    // app's own, 64 hex digits, is) is registered as it is, and both forms verify. One that is not
    // is registered base64-encoded; then only KiotViet keying with the decoded bytes verifies.
    if (auto decoded = connectors::base64_decode(webhook_secret_); decoded && !decoded->empty()) return webhook_secret_;
    return connectors::base64_encode(webhook_secret_);
}

void KiotVietApi::register_webhooks() {
    json::value doc = get_json(app_.api_url + "/webhooks");
    std::set<std::string> active;                              // types already delivered to our address
    std::vector<std::pair<std::string, std::string>> stopped;  // (id, type) at our address, no longer active
    for (const auto& w : data_of(doc)) {
        std::string type = text_of(member(w, "type"));
        std::transform(type.begin(), type.end(), type.begin(), lower);
        if (text_of(member(w, "url")) != webhook_address_) continue;
        const json::value* is_active = member(w, "isActive");
        if (!is_active || !is_active->is_bool() || is_active->get_bool()) active.insert(type);
        else stopped.emplace_back(id_text(member(w, "id")), type);
    }
    for (const auto& type : webhook_types()) {
        if (active.count(type)) continue;
        // KiotViet stops a webhook after a 4xx answer; one left inactive is replaced, not kept beside.
        for (const auto& [id, stopped_type] : stopped)
            if (stopped_type == type && !id.empty()) {
                try {
                    call("DELETE", app_.api_url + "/webhooks/" + id);
                } catch (const http::HttpError& e) {
                    if (e.status() != 404) throw;
                }
            }
        json::object hook{{"Type", type},           {"Url", webhook_address_},
                          {"IsActive", true},       {"Description", "loyalty"},
                          {"Secret", registered_secret()}};
        call("POST", app_.api_url + "/webhooks", json::serialize(json::object{{"Webhook", std::move(hook)}}));
    }
}

std::vector<std::string> KiotVietApi::current_groups(const json::object& customer) {
    std::vector<std::string> ids;
    auto add = [&](std::string id) {
        if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
    };
    if (const json::value* group_ids = member(customer, "groupIds")) {
        if (!group_ids->is_array()) fail_api(platform, "answered a customer whose groupIds is not a list");
        for (const auto& g : group_ids->get_array()) {
            std::string id = id_text(&g);
            if (id.empty()) fail_api(platform, "answered a customer with a group id that is not an id");
            add(std::move(id));
        }
        return ids;
    }
    const json::value* groups = member(customer, "groups");
    if (!groups) return ids;
    if (groups->is_array()) {
        for (const auto& g : groups->get_array()) {
            std::string id = g.is_object() ? id_text(member(g, "id")) : id_text(&g);
            if (id.empty() && g.is_object()) id = id_text(member(g, "groupId"));
            if (id.empty()) fail_api(platform, "answered a customer's groups without their ids");
            add(std::move(id));
        }
        return ids;
    }
    if (!groups->is_string()) fail_api(platform, "answered a customer whose groups are neither a list nor text");
    // The group names, "A|B": their ids come from the shop's list of groups. A name it does not
    // list stops the write rather than dropping the customer out of that group.
    std::vector<std::string> names;
    std::string_view text = groups->get_string();
    while (!text.empty()) {
        std::size_t bar = text.find('|');
        std::string_view name = text.substr(0, bar);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        if (!name.empty()) names.emplace_back(name);
        if (bar == std::string_view::npos) break;
        text.remove_prefix(bar + 1);
    }
    if (names.empty()) return ids;
    json::value list = get_json(app_.api_url + "/customers/group");
    for (const auto& name : names) {
        std::string found;
        for (const auto& g : data_of(list))
            if (text_of(member(g, "name")) == name) found = id_text(member(g, "id"));
        if (found.empty())
            fail_api(platform, "lists no customer group named \"" + name + "\", so the customer's groups cannot be kept");
        add(std::move(found));
    }
    return ids;
}

void KiotVietApi::write_tier(const std::string& customer_id, const std::string& tier) {
    // KiotViet has no tags: a tier shows as a customer group, and only when the shop mapped its tiers.
    if (tier_groups_.empty()) return;
    const std::string url = app_.api_url + "/customers/" + customer_id;
    json::value doc = get_json(url);
    const json::value* wrapped = member(doc, "data");
    const json::value& c = wrapped && wrapped->is_object() && !member(doc, "id") ? *wrapped : doc;
    if (!c.is_object()) fail_api(platform, "answered a customer that is not an object");
    std::vector<std::string> now = current_groups(c.get_object());

    std::set<std::string> mapped;
    for (const auto& [name, group] : tier_groups_) mapped.insert(group);
    auto it = tier.empty() ? tier_groups_.end() : tier_groups_.find(tier);
    const std::string* wanted = it == tier_groups_.end() ? nullptr : &it->second;
    std::vector<std::string> next;
    for (const auto& g : now)
        if (!mapped.count(g) || (wanted && g == *wanted)) next.push_back(g);
    if (wanted && std::find(next.begin(), next.end(), *wanted) == next.end()) next.push_back(*wanted);
    // Check before write: a job run twice, or a group already right, writes nothing.
    if (next == now) return;
    json::array ids;
    for (const auto& g : next) ids.push_back(id_value(g));
    call("PUT", url, json::serialize(json::object{{"groupIds", std::move(ids)}}));
}

std::vector<std::string> KiotVietApi::active_campaigns(std::optional<int64_t> price) {
    boost::urls::url u(app_.api_url + "/vouchercampaign");
    u.params().append({"isActive", "true"});
    u.params().append({"pageSize", std::to_string(page_size)});
    json::value doc = get_json(std::string(u.buffer()));
    std::vector<std::string> ids;
    for (const auto& c : data_of(doc)) {
        const json::value* active = member(c, "isActive");
        if (active && active->is_bool() && !active->get_bool()) continue;
        std::string id = id_text(member(c, "id"));
        if (id.empty()) continue;
        if (price) {
            const json::value* p = member(c, "price");
            std::optional<int64_t> value;
            if (p && p->is_int64()) value = p->get_int64();
            else if (p && p->is_string()) value = connectors::parse_money_text(p->get_string());
            else if (p && p->is_double() && p->get_double() >= 0 && p->get_double() < 9e15)
                value = static_cast<int64_t>(p->get_double());
            if (value != price) continue;
        }
        ids.push_back(std::move(id));
    }
    return ids;
}

std::optional<KiotVietApi::Voucher> KiotVietApi::find_voucher(const std::string& campaign_id, const std::string& code) {
    for (int64_t current = 0;;) {
        boost::urls::url u(app_.api_url + "/voucher");
        auto p = u.params();
        p.append({"campaignId", campaign_id});
        p.append({"code", code});
        p.append({"pageSize", std::to_string(page_size)});
        p.append({"currentItem", std::to_string(current)});
        json::value doc = get_json(std::string(u.buffer()));
        const json::array& data = data_of(doc);
        for (const auto& v : data) {
            if (text_of(member(v, "code")) != code) continue;
            Voucher found;
            found.id = id_text(member(v, "id"));
            found.campaign_id = campaign_id;
            found.status = integer_of(member(v, "status")).value_or(-1);
            return found;
        }
        current += static_cast<int64_t>(data.size());
        auto total = integer_of(member(doc, "total"));
        if (data.empty() || !total || current >= *total) return std::nullopt;
    }
}

std::string KiotVietApi::create_discount(const DiscountSpec& spec) {
    // A KiotViet voucher is worth what its campaign says; the API sets no value, percent, customer
    // or end date of its own. So the reward's value picks the campaign, and a percent reward has none.
    if (spec.percent)
        core::fail(core::Status::invalid_argument,
                   "KiotViet vouchers are worth a fixed amount (their campaign's price): a percent reward cannot "
                   "be given as a KiotViet voucher");
    if (spec.code.empty()) core::fail(core::Status::invalid_argument, "a voucher needs a code");
    std::vector<std::string> campaigns = active_campaigns(spec.value);
    if (campaigns.empty())
        core::fail(core::Status::not_found,
                   "KiotViet has no active voucher campaign (đợt phát hành) worth " + std::to_string(spec.value) +
                       " VND: create one in KiotViet for this reward");
    // An earlier attempt may have created it before its answer was lost: look first.
    std::optional<Voucher> voucher;
    for (const auto& c : campaigns)
        if ((voucher = find_voucher(c, spec.code))) break;
    if (!voucher) {
        json::object body{{"voucherCampaignId", id_value(campaigns.front())},
                          {"data", json::array{json::object{{"code", spec.code}}}}};
        call("POST", app_.api_url + "/voucher", json::serialize(body));
        // The answer is only a message: the voucher's id comes from the list.
        voucher = find_voucher(campaigns.front(), spec.code);
        if (!voucher) fail_api(platform, "took voucher " + spec.code + " but does not list it");
    }
    if (voucher->status == 3)
        core::fail(core::Status::conflict, "KiotViet voucher " + spec.code + " was cancelled: a new code is needed");
    if (voucher->status == 0) {
        // Created but not given out yet: release it (as a gift, "hình thức tặng").
        int64_t release = spec.starts_at > 0 ? spec.starts_at : static_cast<int64_t>(std::time(nullptr));
        json::object body{{"CampaignId", id_value(voucher->campaign_id)},
                          {"Vouchers", json::array{json::object{{"Code", spec.code}}}},
                          {"ReleaseDate", local_time(release)}};
        call("POST", app_.api_url + "/voucher/release/give", json::serialize(body));
    }
    return voucher->id.empty() ? voucher->campaign_id + ":" + spec.code : voucher->id;
}

void KiotVietApi::disable_discount(const std::string& code) {
    // Only an active campaign's vouchers can be used, and cancelled: look in those.
    for (const auto& c : active_campaigns(std::nullopt)) {
        std::optional<Voucher> voucher = find_voucher(c, code);
        if (!voucher) continue;
        if (voucher->status == 2 || voucher->status == 3) return;  // used, or already cancelled
        json::object body{{"CampaignId", id_value(c)}, {"Vouchers", json::array{json::object{{"Code", code}}}}};
        try {
            call("DELETE", app_.api_url + "/voucher/cancel", json::serialize(body));
        } catch (const http::HttpError& e) {
            if (e.status() != 404) throw;
        }
        return;
    }
}

}  // namespace loyalty::apps
