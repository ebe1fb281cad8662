#pragma once
// An outbound HTTPS client for the platform apps: synchronous calls (usable from any worker thread),
// certificate and host-name verification always on, timeouts, a response size limit, and one small
// keep-alive pool per host:port. Transport failures throw HttpError; every HTTP status is a Response.
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loyalty::apps::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Why a call failed, so the caller can decide whether to retry.
enum class ErrorKind {
    bad_url,      // not an https:// URL, or unparseable
    connect,      // name resolution or TCP connect failed (nothing was sent)
    tls,          // handshake failed: unknown CA, wrong host name, expired certificate, protocol
    timeout,      // connect or read timeout
    closed,       // the server closed or reset the connection before answering
    too_large,    // the response body is over ClientOptions::max_body
    protocol,     // the response is not valid HTTP
    http_status,  // an HTTP status the retry wrapper gave up on (status() says which)
    bad_body,     // the body is not the JSON expected (parse_json_body)
};

std::string_view to_string(ErrorKind kind);

class HttpError : public std::runtime_error {
public:
    HttpError(ErrorKind kind, const std::string& message, bool request_sent = false, unsigned status = 0,
              std::optional<std::chrono::milliseconds> retry_after = std::nullopt, std::string body = {})
        : std::runtime_error(message), kind_(kind), request_sent_(request_sent), status_(status),
          retry_after_(retry_after), body_(std::move(body)) {}
    ErrorKind kind() const noexcept { return kind_; }
    // True once any byte of the request may have reached the server: a non-idempotent call must
    // then not be repeated blindly.
    bool request_sent() const noexcept { return request_sent_; }
    unsigned status() const noexcept { return status_; }  // http_status, bad_body: the response's status
    // http_status 429/503: the server's Retry-After, when it gave one.
    std::optional<std::chrono::milliseconds> retry_after() const noexcept { return retry_after_; }
    const std::string& body() const noexcept { return body_; }  // http_status: the last response body

private:
    ErrorKind kind_;
    bool request_sent_;
    unsigned status_;
    std::optional<std::chrono::milliseconds> retry_after_;
    std::string body_;
};

struct Request {
    std::string method = "GET";
    std::string url;  // https://host[:port]/path?query
    Headers headers;  // Host, Content-Length and User-Agent are set by the client
    std::string body;
    // Whether repeating the call is harmless. Unset: GET, HEAD, PUT, DELETE, OPTIONS are; POST and
    // PATCH are not (set it for a POST that carries an idempotency key).
    std::optional<bool> idempotent;

    bool is_idempotent() const;
};

struct Response {
    unsigned status = 0;
    Headers headers;
    std::string body;

    // The first header of that name, case-insensitively.
    std::optional<std::string> header(std::string_view name) const;
};

struct ClientOptions {
    // PEM file of the CAs to trust; unset: the system store.
    std::optional<std::string> ca_file;
    std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};  // resolve + connect + TLS handshake
    std::chrono::milliseconds read_timeout{std::chrono::seconds(30)};     // write the request + read the response
    std::size_t max_body = 8 << 20;                                       // larger responses: too_large
    std::size_t max_idle_per_host = 4;                                    // idle connections kept per host:port
    std::string user_agent = "loyalty-apps/0.1";
    // Host name -> IP address to connect to instead of resolving it (as curl --connect-to). The name
    // is still the one verified against the certificate and sent as SNI and Host.
    std::map<std::string, std::string> connect_to;
};

class HttpsClient {
public:
    explicit HttpsClient(ClientOptions options = {});
    ~HttpsClient();
    HttpsClient(const HttpsClient&) = delete;
    HttpsClient& operator=(const HttpsClient&) = delete;

    // One call. Reuses an idle connection to the same host:port when there is one; if that
    // connection turns out closed by the server, the call is made again on a new connection when
    // nothing was sent yet or the request is idempotent. Thread-safe.
    Response send(const Request& request);

    // Connections opened so far (TLS handshakes done), for tests and metrics.
    std::size_t connections_opened() const;
    // Drops every idle connection.
    void close_idle();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace loyalty::apps::http
