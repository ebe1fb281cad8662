#pragma once
// A keep-alive HTTPS client for the tests: one TLS connection that trusts only the test certificate.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "test_cert.hpp"

namespace loyalty::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct Reply {
    unsigned status = 0;  // 0: no answer (connection refused, closed or timed out)
    std::string body;
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? "" : it->second;
    }
    std::map<std::string, std::string> headers;
};

class Https {
public:
    // `from`: the client's source address on loopback (any of 127.0.0.0/8), for limits per client address.
    explicit Https(int port, int tls_max_version = 0, const char* from = nullptr) : ctx_(net::ssl::context::tls_client) {
        ctx_.load_verify_file(test_cert().cert);
        ctx_.set_verify_mode(net::ssl::verify_peer);
        if (tls_max_version) SSL_CTX_set_max_proto_version(ctx_.native_handle(), tls_max_version);
        stream_ = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(io_, ctx_);
        SSL_set_tlsext_host_name(stream_->native_handle(), "localhost");
        auto& tcp = beast::get_lowest_layer(*stream_);
        tcp.expires_after(std::chrono::seconds(10));
        beast::error_code ec;
        if (from) {
            tcp.socket().open(net::ip::tcp::v4());
            tcp.socket().bind({net::ip::make_address(from), 0});
        }
        tcp.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)), ec);
        if (!ec) stream_->handshake(net::ssl::stream_base::client, ec);
        connected_ = !ec;
    }
    bool connected() const { return connected_; }

    Reply send(http::verb method, const std::string& target, const std::string& body = "",
               const std::map<std::string, std::string>& headers = {}) {
        Reply r;
        if (!connected_) return r;
        http::request<http::string_body> req{method, target, 11};
        req.set(http::field::host, "localhost");
        for (const auto& [name, value] : headers) req.set(name, value);
        req.body() = body;
        req.prepare_payload();
        req.keep_alive(true);
        beast::get_lowest_layer(*stream_).expires_after(std::chrono::seconds(30));
        beast::error_code ec;
        http::write(*stream_, req, ec);
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 << 20);
        if (!ec) http::read(*stream_, buffer_, parser, ec);
        if (ec) {
            connected_ = false;
            return r;
        }
        auto res = parser.release();
        r.status = res.result_int();
        r.body = res.body();
        for (const auto& h : res) r.headers[std::string(h.name_string())] = std::string(h.value());
        if (!res.keep_alive()) connected_ = false;
        return r;
    }
    Reply get(const std::string& target, const std::map<std::string, std::string>& headers = {}) {
        return send(http::verb::get, target, "", headers);
    }

    // Writes raw bytes as a whole request and reads the reply (status 0 when none came).
    Reply raw(const std::string& request) {
        Reply r;
        beast::error_code ec;
        beast::get_lowest_layer(*stream_).expires_after(std::chrono::seconds(30));
        net::write(*stream_, net::buffer(request), ec);
        http::response_parser<http::string_body> parser;
        if (!ec) http::read(*stream_, buffer_, parser, ec);
        if (ec) return r;
        auto res = parser.release();
        r.status = res.result_int();
        r.body = res.body();
        return r;
    }

    // Writes raw bytes and waits (at most `bound`) for the server to close the connection.
    bool closed_by_server_after(const std::string& partial, std::chrono::milliseconds bound) {
        beast::error_code ec;
        net::write(*stream_, net::buffer(partial), ec);
        if (ec) return true;
        beast::get_lowest_layer(*stream_).expires_after(bound);
        char byte;
        stream_->read_some(net::buffer(&byte, 1), ec);
        return ec && ec != beast::error::timeout;
    }

private:
    net::io_context io_;
    net::ssl::context ctx_;
    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> stream_;
    beast::flat_buffer buffer_;
    bool connected_ = false;
};

}  // namespace loyalty::test
