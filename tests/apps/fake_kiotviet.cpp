#include "fake_kiotviet.hpp"

#include "apps_test_support.hpp"

#include <boost/url/parse_query.hpp>

#include <algorithm>

#include "util/timestamp.hpp"
#include "util/zone.hpp"

namespace loyalty::test {
namespace {

namespace json = boost::json;

FakeReply json_reply(unsigned status, const json::value& v) {
    return {status, {{"Content-Type", "application/json; charset=utf-8"}}, json::serialize(v), false};
}

// KiotViet's error shape.
FakeReply error_reply(unsigned status, const std::string& message) {
    return json_reply(status, json::object{{"responseStatus", json::object{{"errorCode", "Error"}, {"message", message}}}});
}

int64_t int_of(const json::object& o, const char* key) {
    const json::value* v = o.if_contains(key);
    return v && v->is_int64() ? v->get_int64() : 0;
}

const core::Zone& shop_zone() {
    static const auto zone = core::Zone::load("Asia/Ho_Chi_Minh");
    return *zone;
}

// Whether the object changed at or after `since` (shop-local, no offset; empty: everything).
bool changed_since(const json::object& o, const std::string& since) {
    if (since.empty()) return true;
    auto at = core::parse_timestamp(text_of(o, "modifiedDate"), shop_zone());
    auto from = core::parse_timestamp(since, shop_zone());
    return at && from && *at >= *from;
}

void upsert(std::vector<json::object>& items, json::object item) {
    for (auto& o : items)
        if (text_of(o, "id") == text_of(item, "id")) {
            o = std::move(item);
            return;
        }
    items.push_back(std::move(item));
}

}  // namespace

json::value camel_cased(const json::value& v) {
    if (v.is_array()) {
        json::array out;
        for (const auto& item : v.get_array()) out.push_back(camel_cased(item));
        return out;
    }
    if (!v.is_object()) return v;
    json::object out;
    for (const auto& kv : v.get_object()) {
        std::string key(kv.key());
        if (!key.empty() && key[0] >= 'A' && key[0] <= 'Z') key[0] = static_cast<char>(key[0] - 'A' + 'a');
        out[key] = camel_cased(kv.value());
    }
    return out;
}

FakeKiotViet::FakeKiotViet() {
    server_.on("POST", "/connect/token", [this](const ReceivedRequest& r) {
        auto f = form_fields(r.body);
        if (r.header("content-type") != "application/x-www-form-urlencoded" || f["grant_type"] != "client_credentials" ||
            f["scopes"] != "PublicApi.Access" || f["client_id"] != client_id || f["client_secret"] != client_secret)
            return json_reply(400, json::object{{"error", "invalid_client"}});
        std::lock_guard lock(mutex_);
        std::string token = "kv-token-" + std::to_string(++tokens_issued_);
        tokens_.insert(token);
        return json_reply(200, json::object{{"access_token", token}, {"expires_in", 86400}, {"token_type", "Bearer"}});
    });
    server_.on("GET", "/customers", [this](const ReceivedRequest& r) { return list(r, customers_, true); });
    server_.on("GET", "/invoices", [this](const ReceivedRequest& r) { return list(r, invoices_, false); });
    server_.on("GET", "/returns", [this](const ReceivedRequest& r) { return list(r, returns_, false); });

    server_.on("GET", "/customers/group", [this](const ReceivedRequest& r) {
        if (!authorized(r)) return error_reply(401, "Unauthorized");
        std::lock_guard lock(mutex_);
        json::array data(groups_.begin(), groups_.end());
        return json_reply(200, json::object{{"total", data.size()}, {"data", data}});
    });
    server_.on("GET", "/webhooks", [this](const ReceivedRequest& r) {
        if (!authorized(r)) return error_reply(401, "Unauthorized");
        std::lock_guard lock(mutex_);
        json::array data(webhooks_.begin(), webhooks_.end());
        return json_reply(200, json::object{{"total", data.size()}, {"pageSize", 20}, {"data", data}});
    });
    server_.on("POST", "/webhooks", [this](const ReceivedRequest& r) {
        if (!authorized(r)) return error_reply(401, "Unauthorized");
        json::value body = json::parse(r.body);
        const json::object& w = body.at("Webhook").as_object();
        if (text_of(w, "Type").empty() || text_of(w, "Url").empty()) return error_reply(400, "Type and Url are required");
        add_webhook(json::object{{"type", w.at("Type")},
                                 {"url", w.at("Url")},
                                 {"isActive", w.at("IsActive")},
                                 {"description", w.at("Description")},
                                 {"secret", w.at("Secret")}});
        return json_reply(200, webhooks().back());
    });

    server_.on("GET", "/vouchercampaign", [this](const ReceivedRequest& r) {
        if (!authorized(r)) return error_reply(401, "Unauthorized");
        auto q = form_fields(r.query);
        std::lock_guard lock(mutex_);
        json::array data;
        for (const auto& c : campaigns_)
            if (q["isActive"].empty() || (q["isActive"] == "true") == c.at("isActive").as_bool()) data.push_back(c);
        return json_reply(200, json::object{{"total", data.size()}, {"data", data}});
    });
    server_.on("GET", "/voucher", [this](const ReceivedRequest& r) {
        if (!authorized(r)) return error_reply(401, "Unauthorized");
        auto q = form_fields(r.query);
        if (q["campaignId"].empty()) return error_reply(400, "campaignId is required");
        std::lock_guard lock(mutex_);
        json::array data;
        for (const auto& v : vouchers_)
            if (text_of(v, "voucherCampaignId") == q["campaignId"] && (q["code"].empty() || text_of(v, "code") == q["code"]))
                data.push_back(v);
        return json_reply(200, json::object{{"total", data.size()}, {"data", data}});
    });
    server_.on("POST", "/voucher", [this](const ReceivedRequest& r) {
        if (!authorized(r)) return error_reply(401, "Unauthorized");
        json::object body = json::parse(r.body).as_object();
        int64_t campaign = int_of(body, "voucherCampaignId");
        std::lock_guard lock(mutex_);
        const json::object* found = nullptr;
        for (const auto& c : campaigns_)
            if (int_of(c, "id") == campaign && c.at("isActive").as_bool()) found = &c;
        if (!found) return error_reply(400, "Đợt phát hành không tồn tại hoặc chưa kích hoạt");
        for (const auto& item : body.at("data").as_array()) {
            std::string code = text_of(item.as_object(), "code");
            for (const auto& v : vouchers_)
                if (text_of(v, "code") == code) return error_reply(400, "Mã voucher " + code + " đã tồn tại");
            vouchers_.push_back(json::object{{"id", ++next_id_},
                                             {"code", code},
                                             {"voucherCampaignId", campaign},
                                             {"status", 0},
                                             {"sellType", 0},
                                             {"price", found->at("price")}});
        }
        return json_reply(200, json::object{{"message", "Thêm mới voucher thành công"}});
    });
    auto change_status = [this](const ReceivedRequest& r, int64_t from_max, int64_t to) {
        if (!authorized(r)) return error_reply(401, "Unauthorized");
        json::object body = json::parse(r.body).as_object();
        int64_t campaign = int_of(body, "CampaignId");
        std::lock_guard lock(mutex_);
        for (const auto& item : body.at("Vouchers").as_array()) {
            std::string code = text_of(item.as_object(), "Code");
            json::object* voucher = nullptr;
            for (auto& v : vouchers_)
                if (text_of(v, "code") == code && int_of(v, "voucherCampaignId") == campaign) voucher = &v;
            if (!voucher || int_of(*voucher, "status") > from_max)
                return error_reply(400, "Voucher " + code + " không hợp lệ");
            (*voucher)["status"] = to;
            if (body.contains("ReleaseDate")) (*voucher)["releaseDate"] = body.at("ReleaseDate");
        }
        return json_reply(200, json::object{{"message", "Cập nhật voucher thành công"}});
    };
    server_.on("POST", "/voucher/release/give", [change_status](const ReceivedRequest& r) { return change_status(r, 0, 1); });
    server_.on("DELETE", "/voucher/cancel", [change_status](const ReceivedRequest& r) { return change_status(r, 1, 3); });
}

bool FakeKiotViet::authorized(const ReceivedRequest& r) const {
    std::lock_guard lock(mutex_);
    const std::string auth = r.header("authorization");
    return r.header("retailer") == retailer && auth.starts_with("Bearer ") && tokens_.count(auth.substr(7));
}

FakeReply FakeKiotViet::list(const ReceivedRequest& r, const std::vector<json::object>& items, bool removals) const {
    if (!authorized(r)) return error_reply(401, "Unauthorized");
    auto q = form_fields(r.query);
    std::size_t size = q.count("pageSize") ? std::stoul(q["pageSize"]) : 20;
    std::size_t current = q.count("currentItem") ? std::stoul(q["currentItem"]) : 0;
    if (size == 0 || size > 100) return error_reply(400, "pageSize must be 1 to 100");
    std::lock_guard lock(mutex_);
    std::vector<const json::object*> matching;
    for (const auto& o : items)
        if (changed_since(o, q["lastModifiedFrom"])) matching.push_back(&o);
    if (q["orderBy"] == "modifiedDate")
        std::stable_sort(matching.begin(), matching.end(), [](const json::object* a, const json::object* b) {
            return text_of(*a, "modifiedDate") < text_of(*b, "modifiedDate");
        });
    json::array data;
    for (std::size_t i = current; i < matching.size() && i < current + size; ++i) data.push_back(*matching[i]);
    json::object out{{"total", matching.size()}, {"pageSize", size}, {"data", data}};
    if (removals && q["includeRemoveIds"] == "true") out["removeIds"] = json::array(removed_.begin(), removed_.end());
    return json_reply(200, out);
}

void FakeKiotViet::add_customer(json::object customer) {
    int64_t id = int_of(customer, "id");
    const std::string path = "/customers/" + std::to_string(id);
    server_.on("GET", path, [this, id](const ReceivedRequest& r) {
        if (!authorized(r)) return error_reply(401, "Unauthorized");
        return json_reply(200, this->customer(id));
    });
    server_.on("PUT", path, [this, id](const ReceivedRequest& r) {
        if (!authorized(r)) return error_reply(401, "Unauthorized");
        json::object change = json::parse(r.body).as_object();
        std::lock_guard lock(mutex_);
        for (auto& c : customers_)
            if (int_of(c, "id") == id)
                for (const auto& kv : change) c[kv.key()] = kv.value();
        return json_reply(200, json::object{{"message", "Cập nhật thành công"}});
    });
    std::lock_guard lock(mutex_);
    upsert(customers_, std::move(customer));
}

void FakeKiotViet::add_invoice(json::object invoice) {
    std::lock_guard lock(mutex_);
    upsert(invoices_, std::move(invoice));
}

void FakeKiotViet::add_return(json::object r) {
    std::lock_guard lock(mutex_);
    upsert(returns_, std::move(r));
}

void FakeKiotViet::remove_customer(int64_t id) {
    std::lock_guard lock(mutex_);
    std::erase_if(customers_, [&](const json::object& c) { return int_of(c, "id") == id; });
    removed_.push_back(id);
}

json::object FakeKiotViet::customer(int64_t id) const {
    std::lock_guard lock(mutex_);
    for (const auto& c : customers_)
        if (int_of(c, "id") == id) return c;
    return {};
}

void FakeKiotViet::add_group(int64_t id, const std::string& name) {
    std::lock_guard lock(mutex_);
    groups_.push_back(json::object{{"id", id}, {"name", name}});
}

int64_t FakeKiotViet::add_campaign(int64_t price, bool active) {
    std::lock_guard lock(mutex_);
    int64_t id = ++next_id_;
    campaigns_.push_back(json::object{{"id", id},
                                      {"code", "DPH" + std::to_string(id)},
                                      {"name", "Voucher " + std::to_string(price)},
                                      {"isActive", active},
                                      {"startDate", "2026-01-01T00:00:00"},
                                      {"endDate", "2026-12-31T23:59:59"},
                                      {"expireTime", 30},
                                      {"quantity", 1000},
                                      {"price", price}});
    return id;
}

std::vector<json::object> FakeKiotViet::vouchers() const {
    std::lock_guard lock(mutex_);
    return vouchers_;
}

std::vector<json::object> FakeKiotViet::webhooks() const {
    std::lock_guard lock(mutex_);
    return webhooks_;
}

void FakeKiotViet::add_webhook(json::object hook) {
    std::lock_guard lock(mutex_);
    int64_t id = ++next_id_;
    hook["id"] = id;
    webhooks_.push_back(std::move(hook));
    server_.on("DELETE", "/webhooks/" + std::to_string(id), [this, id](const ReceivedRequest& r) {
        if (!authorized(r)) return error_reply(401, "Unauthorized");
        std::lock_guard lock(mutex_);
        std::erase_if(webhooks_, [&](const json::object& w) { return int_of(w, "id") == id; });
        return json_reply(200, json::object{{"message", "Xóa thành công"}});
    });
}

int FakeKiotViet::tokens_issued() const {
    std::lock_guard lock(mutex_);
    return tokens_issued_;
}

void FakeKiotViet::revoke_tokens() {
    std::lock_guard lock(mutex_);
    tokens_.clear();
}

}  // namespace loyalty::test
