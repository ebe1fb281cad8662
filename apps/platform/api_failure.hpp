#pragma once
// A platform's answer that is not what was asked for, as an HttpError the sync can act on: 401 and
// 403 mean the shop revoked the app, other statuses are the job's failure to retry or report.
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

#include "http/https_client.hpp"

namespace loyalty::apps {

// The response when its status is 2xx; otherwise throws HttpError(http_status) naming the platform,
// the status and the start of the body.
const http::Response& checked(std::string_view platform, const http::Response& response);

// doc[key] as an array / object; throws HttpError(bad_body) naming what is missing.
const boost::json::array& list_in(const boost::json::value& doc, std::string_view key, std::string_view platform);
const boost::json::object& object_in(const boost::json::value& doc, std::string_view key, std::string_view platform);

[[noreturn]] void fail_api(std::string_view platform, const std::string& what);

// True when the platform says the shop's token no longer works.
bool revoked(const http::HttpError& e);
// The same for any failure: also a token the platform refuses to issue (core::Error unauthenticated,
// e.g. KiotViet refusing the shop's client credentials on renewal).
bool access_refused(const std::exception& e);

}  // namespace loyalty::apps
