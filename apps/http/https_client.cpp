#include "https_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <cctype>
#include <mutex>
#include <poll.h>
#include <tuple>
#include <type_traits>
#include <unordered_map>

namespace loyalty::apps::http {

namespace net = boost::asio;
namespace ssl = net::ssl;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

std::string_view to_string(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::bad_url: return "bad_url";
    case ErrorKind::connect: return "connect";
    case ErrorKind::tls: return "tls";
    case ErrorKind::timeout: return "timeout";
    case ErrorKind::closed: return "closed";
    case ErrorKind::too_large: return "too_large";
    case ErrorKind::protocol: return "protocol";
    case ErrorKind::http_status: return "http_status";
    case ErrorKind::bad_body: return "bad_body";
    }
    return "unknown";
}

namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

struct Target {
    std::string host;         // as verified: a DNS name or an IP address without brackets
    std::uint16_t port = 443;
    std::string target;       // path and query
    std::string host_header;  // host[:port] as in the URL
    std::string key;          // pool key
};

Target parse_target(const std::string& url) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) throw HttpError(ErrorKind::bad_url, "not an absolute URL: " + url);
    boost::urls::url_view u = *parsed;
    if (u.scheme_id() != boost::urls::scheme::https) throw HttpError(ErrorKind::bad_url, "only https URLs: " + url);
    Target t;
    t.host = u.host_address();
    if (t.host.empty()) throw HttpError(ErrorKind::bad_url, "no host in URL: " + url);
    if (u.has_port()) {
        if (u.port_number() == 0) throw HttpError(ErrorKind::bad_url, "bad port in URL: " + url);
        t.port = u.port_number();
    }
    t.target = std::string(u.encoded_path());
    if (t.target.empty()) t.target = "/";
    if (u.has_query()) t.target += "?" + std::string(u.encoded_query());
    t.host_header = std::string(u.encoded_host_and_port());
    t.key = t.host + "|" + std::to_string(t.port);
    return t;
}

bool is_ip(const std::string& host) {
    boost::system::error_code ec;
    net::ip::make_address(host, ec);
    return !ec;
}

// The stream was closed or reset by the peer (as opposed to a malformed answer).
bool is_closed(const beast::error_code& ec) {
    return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == net::error::eof ||
           ec == net::error::connection_reset || ec == net::error::connection_aborted ||
           ec == net::error::broken_pipe || ec == ssl::error::stream_truncated;
}

struct Connection {
    explicit Connection(ssl::context& ctx) : stream(io, ctx) {}

    // Starts one asynchronous operation and runs it to completion; the tcp_stream's expiry is the
    // timeout (it cancels the operation with beast::error::timeout).
    template <class Start>
    beast::error_code run(Start start, std::size_t* bytes = nullptr) {
        beast::error_code result = net::error::operation_aborted;
        std::size_t moved = 0;
        start([&](beast::error_code ec, auto... rest) {
            result = ec;
            if constexpr (sizeof...(rest) == 1) moved = static_cast<std::size_t>(std::get<0>(std::tuple(rest...)));
        });
        io.restart();
        io.run();
        if (bytes) *bytes = moved;
        return result;
    }

    // Whether a kept-alive connection is still usable: nothing may be waiting to be read on it
    // (an idle connection that is readable was closed by the server, or is out of step).
    bool looks_alive() {
        if (buffer.size() != 0) return false;
        auto& socket = beast::get_lowest_layer(stream).socket();
        if (!socket.is_open()) return false;
        pollfd p{socket.native_handle(), POLLIN, 0};
        int n = ::poll(&p, 1, 0);
        return n == 0;
    }

    net::io_context io;
    beast::ssl_stream<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
};

}  // namespace

bool Request::is_idempotent() const {
    if (idempotent) return *idempotent;
    return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS";
}

std::optional<std::string> Response::header(std::string_view name) const {
    for (const auto& [n, v] : headers)
        if (iequals(n, name)) return v;
    return std::nullopt;
}

struct HttpsClient::Impl {
    ClientOptions options;
    ssl::context ctx{ssl::context::tls_client};
    std::mutex mutex;
    std::unordered_map<std::string, std::vector<std::unique_ptr<Connection>>> idle;
    std::atomic<std::size_t> opened{0};

    explicit Impl(ClientOptions o) : options(std::move(o)) {
        SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
        ctx.set_verify_mode(ssl::verify_peer);
        beast::error_code ec;
        if (options.ca_file)
            ctx.load_verify_file(*options.ca_file, ec);
        else
            ctx.set_default_verify_paths(ec);
        if (ec)
            throw HttpError(ErrorKind::tls, "cannot load the trusted CAs" +
                                                (options.ca_file ? " from " + *options.ca_file : std::string()) +
                                                ": " + ec.message());
    }

    std::unique_ptr<Connection> take(const std::string& key) {
        std::lock_guard lock(mutex);
        auto it = idle.find(key);
        while (it != idle.end() && !it->second.empty()) {
            auto c = std::move(it->second.back());
            it->second.pop_back();
            if (c->looks_alive()) return c;
        }
        return nullptr;
    }

    void give_back(const std::string& key, std::unique_ptr<Connection> c) {
        std::lock_guard lock(mutex);
        auto& list = idle[key];
        if (list.size() < options.max_idle_per_host) list.push_back(std::move(c));
    }

    std::unique_ptr<Connection> open(const Target& t) {
        auto c = std::make_unique<Connection>(ctx);
        auto deadline = std::chrono::steady_clock::now() + options.connect_timeout;
        auto& tcp_stream = beast::get_lowest_layer(c->stream);

        std::vector<tcp::endpoint> endpoints;
        std::string address = t.host;
        if (auto it = options.connect_to.find(t.host); it != options.connect_to.end()) address = it->second;
        boost::system::error_code ec;
        auto ip = net::ip::make_address(address, ec);
        if (!ec) {
            endpoints.emplace_back(ip, t.port);
        } else {
            tcp::resolver resolver(c->io);
            tcp::resolver::results_type results;
            bool done = false;
            resolver.async_resolve(address, std::to_string(t.port),
                                   [&](const boost::system::error_code& e, tcp::resolver::results_type r) {
                                       ec = e;
                                       results = std::move(r);
                                       done = true;
                                   });
            c->io.restart();
            c->io.run_for(options.connect_timeout);
            if (!done) {
                resolver.cancel();
                c->io.restart();
                c->io.run();
                throw HttpError(ErrorKind::timeout, "resolving " + address + " timed out");
            }
            if (ec) throw HttpError(ErrorKind::connect, "cannot resolve " + address + ": " + ec.message());
            for (const auto& entry : results) endpoints.push_back(entry.endpoint());
        }

        tcp_stream.expires_at(deadline);
        ec = c->run([&](auto handler) {
            tcp_stream.async_connect(endpoints, [h = std::move(handler)](beast::error_code e, const tcp::endpoint&) mutable {
                h(e);
            });
        });
        if (ec == beast::error::timeout)
            throw HttpError(ErrorKind::timeout, "connecting to " + t.host_header + " timed out");
        if (ec) throw HttpError(ErrorKind::connect, "cannot connect to " + t.host_header + ": " + ec.message());

        SSL* ssl_handle = c->stream.native_handle();
        if (!is_ip(t.host) && !SSL_set_tlsext_host_name(ssl_handle, t.host.c_str()))
            throw HttpError(ErrorKind::tls, "cannot set SNI for " + t.host);
        // Checks the name against the certificate (an IP address against its IP SANs).
        X509_VERIFY_PARAM_set_hostflags(SSL_get0_param(ssl_handle), X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        if (!SSL_set1_host(ssl_handle, t.host.c_str())) throw HttpError(ErrorKind::tls, "cannot verify host " + t.host);

        tcp_stream.expires_at(deadline);
        ec = c->run([&](auto handler) { c->stream.async_handshake(ssl::stream_base::client, std::move(handler)); });
        if (ec == beast::error::timeout)
            throw HttpError(ErrorKind::timeout, "TLS handshake with " + t.host_header + " timed out");
        if (ec) {
            std::string why = ec.message();
            long verify = SSL_get_verify_result(ssl_handle);
            if (verify != X509_V_OK) why = X509_verify_cert_error_string(verify);
            throw HttpError(ErrorKind::tls, "TLS handshake with " + t.host_header + " failed: " + why);
        }
        opened.fetch_add(1);
        return c;
    }

    // One exchange on one connection. Returns the response, and whether the connection may be kept.
    Response exchange(Connection& c, const Request& r, const Target& t, bool& keep) {
        bhttp::request<bhttp::string_body> req;
        auto verb = bhttp::string_to_verb(r.method);
        if (verb == bhttp::verb::unknown)
            req.method_string(r.method);
        else
            req.method(verb);
        req.target(t.target);
        req.version(11);
        req.set(bhttp::field::host, t.host_header);
        req.set(bhttp::field::user_agent, options.user_agent);
        for (const auto& [name, value] : r.headers) {
            if (iequals(name, "host") || iequals(name, "content-length")) continue;
            req.insert(name, value);
        }
        req.body() = r.body;
        req.prepare_payload();
        req.keep_alive(true);

        auto& tcp_stream = beast::get_lowest_layer(c.stream);
        tcp_stream.expires_after(options.read_timeout);
        std::size_t written = 0;
        auto ec = c.run([&](auto handler) { bhttp::async_write(c.stream, req, std::move(handler)); }, &written);
        if (ec == beast::error::timeout)
            throw HttpError(ErrorKind::timeout, "sending to " + t.host_header + " timed out", written > 0);
        if (ec) throw HttpError(ErrorKind::closed, "sending to " + t.host_header + " failed: " + ec.message(), written > 0);

        bhttp::response_parser<bhttp::string_body> parser;
        parser.header_limit(64 * 1024);
        parser.body_limit(options.max_body);
        if (verb == bhttp::verb::head) parser.skip(true);
        ec = c.run([&](auto handler) { bhttp::async_read(c.stream, c.buffer, parser, std::move(handler)); });
        if (ec == beast::error::timeout)
            throw HttpError(ErrorKind::timeout,
                            "no answer from " + t.host_header + " within " +
                                std::to_string(options.read_timeout.count()) + " ms",
                            true);
        if (ec == bhttp::error::body_limit)
            throw HttpError(ErrorKind::too_large,
                            "the response from " + t.host_header + " is larger than the limit of " +
                                std::to_string(options.max_body) + " bytes",
                            true, parser.is_header_done() ? parser.get().result_int() : 0);
        if (ec && is_closed(ec) && !parser.got_some())
            throw HttpError(ErrorKind::closed, t.host_header + " closed the connection without answering", true);
        if (ec && is_closed(ec))
            throw HttpError(ErrorKind::closed, t.host_header + " closed the connection mid-answer", true);
        if (ec) throw HttpError(ErrorKind::protocol, "unreadable answer from " + t.host_header + ": " + ec.message(), true);

        auto res = parser.release();
        keep = res.keep_alive();
        Response out;
        out.status = res.result_int();
        for (const auto& field : res) out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        out.body = std::move(res.body());
        return out;
    }
};

HttpsClient::HttpsClient(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
HttpsClient::~HttpsClient() = default;

Response HttpsClient::send(const Request& request) {
    Target t = parse_target(request.url);
    auto c = impl_->take(t.key);
    bool reused = c != nullptr;
    for (;;) {
        if (!c) c = impl_->open(t);
        bool keep = false;
        try {
            Response out = impl_->exchange(*c, request, t, keep);
            if (keep) impl_->give_back(t.key, std::move(c));
            return out;
        } catch (const HttpError& e) {
            // A kept-alive connection the server had closed: once more on a new one, when that
            // cannot make the server act twice.
            bool stale = e.kind() == ErrorKind::closed;
            if (reused && stale && (!e.request_sent() || request.is_idempotent())) {
                c.reset();
                reused = false;
                continue;
            }
            throw;
        }
    }
}

std::size_t HttpsClient::connections_opened() const { return impl_->opened.load(); }

void HttpsClient::close_idle() {
    std::lock_guard lock(impl_->mutex);
    impl_->idle.clear();
}

}  // namespace loyalty::apps::http
