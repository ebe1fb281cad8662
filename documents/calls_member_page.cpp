#include "calls.hpp"
#include "codec.hpp"
#include "json_fields.hpp"
#include "util/error.hpp"

namespace loyalty::documents {

json::object member_link(core::Engine& engine, const std::string& shop, const std::string& member_id, bool rotate,
                         const std::string& base_url) {
    std::string token = engine.member_page_token(shop, member_id, rotate);
    std::string base = base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return {{"url", base + "/c/" + token}, {"token", token}};
}

json::object patch_member(core::Engine& engine, const std::string& shop, const std::string& member_id,
                          const json::object& request) {
    reject_unknown(request, {"opted_out"}, "request");
    const json::value* v = request.if_contains("opted_out");
    if (!v || !v->is_bool()) bad("request.opted_out must be true or false (the only field a member patch takes)");
    auto details = engine.set_opted_out(shop, member_id, v->get_bool());
    return encode_member_details(details, *engine.shop(shop)->zone);
}

}  // namespace loyalty::documents
