#include "fake_platform.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

namespace loyalty::test {

namespace net = boost::asio;
namespace ssl = net::ssl;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

namespace {
struct Session;
}

struct FakePlatform::Impl {
    ssl::context ctx{ssl::context::tls_server};
    net::io_context io;
    tcp::acceptor acceptor{io};
    std::thread thread;
    int port = 0;
    bool stopped = false;

    mutable std::mutex mutex;
    mutable std::condition_variable arrived;
    std::map<std::pair<std::string, std::string>, Handler> handlers;
    std::deque<Fault> faults;
    std::vector<ReceivedRequest> received;
    std::size_t accepted = 0;
    std::vector<std::weak_ptr<Session>> sessions;  // I/O thread only

    void accept();
};

namespace {

struct Session : std::enable_shared_from_this<Session> {
    Session(tcp::socket socket, FakePlatform::Impl& owner, std::size_t id)
        : stream(std::move(socket), owner.ctx), owner(owner), id(id) {}

    void start() {
        stream.async_handshake(ssl::stream_base::server, [self = shared_from_this()](beast::error_code ec) {
            if (!ec) self->read();
        });
    }

    void read() {
        request = {};
        parser.emplace();
        parser->body_limit(64 << 20);
        bhttp::async_read(stream, buffer, *parser, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return;
            self->request = self->parser->release();
            self->handle();
        });
    }

    void close() {
        beast::error_code ignored;
        auto& socket = beast::get_lowest_layer(stream).socket();
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
    }

    void handle() {
        ReceivedRequest r;
        r.method = std::string(request.method_string());
        std::string target(request.target());
        auto q = target.find('?');
        r.path = target.substr(0, q);
        if (q != std::string::npos) r.query = target.substr(q + 1);
        for (const auto& field : request) {
            std::string name(field.name_string());
            std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
            r.headers[name] = std::string(field.value());
        }
        r.body = request.body();
        r.connection = id;

        std::optional<Fault> fault;
        FakePlatform::Handler handler;
        {
            std::lock_guard lock(owner.mutex);
            if (!owner.faults.empty()) {
                fault = owner.faults.front();
                owner.faults.pop_front();
            } else if (auto it = owner.handlers.find({r.method, r.path}); it != owner.handlers.end()) {
                handler = it->second;
            }
            owner.received.push_back(r);
        }
        owner.arrived.notify_all();

        FakeReply reply;
        if (fault && fault->kind == Fault::Kind::stall) {
            read();  // waits for a next request that never comes; ends when the client goes away
            return;
        }
        if (fault && fault->kind == Fault::Kind::close) {
            close();
            return;
        }
        if (fault)
            reply = fault->reply;
        else if (handler)
            reply = handler(r);
        else
            reply = FakeReply{404, {{"Content-Type", "application/json"}}, R"({"error":"not found"})", false};

        response = {};
        response.version(11);
        response.result(reply.status);
        for (const auto& [name, value] : reply.headers) response.insert(name, value);
        response.body() = reply.body;
        response.prepare_payload();
        bool keep = request.keep_alive() && !reply.close;
        response.keep_alive(keep);
        bhttp::async_write(stream, response, [self = shared_from_this(), keep](beast::error_code ec, std::size_t) {
            if (ec) return;
            if (keep)
                self->read();
            else
                self->close();
        });
    }

    beast::ssl_stream<beast::tcp_stream> stream;
    FakePlatform::Impl& owner;
    std::size_t id;
    beast::flat_buffer buffer;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser;
    bhttp::request<bhttp::string_body> request;
    bhttp::response<bhttp::string_body> response;
};

}  // namespace

void FakePlatform::Impl::accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
        if (ec) return;  // closed by stop()
        std::size_t id;
        {
            std::lock_guard lock(mutex);
            id = ++accepted;
        }
        auto session = std::make_shared<Session>(std::move(socket), *this, id);
        sessions.erase(std::remove_if(sessions.begin(), sessions.end(), [](auto& w) { return w.expired(); }),
                       sessions.end());
        sessions.push_back(session);
        session->start();
        accept();
    });
}

FakePlatform::FakePlatform(const TestPki& pki) : impl_(std::make_shared<Impl>()) {
    impl_->ctx.use_certificate_chain_file(pki.cert_file);
    impl_->ctx.use_private_key_file(pki.key_file, ssl::context::pem);
    tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), 0);
    impl_->acceptor.open(endpoint.protocol());
    impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl_->acceptor.bind(endpoint);
    impl_->acceptor.listen();
    impl_->port = impl_->acceptor.local_endpoint().port();
    impl_->accept();
    impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

FakePlatform::~FakePlatform() { stop(); }

void FakePlatform::stop() {
    if (impl_->stopped) return;
    impl_->stopped = true;
    net::post(impl_->io, [impl = impl_.get()] {
        beast::error_code ignored;
        impl->acceptor.close(ignored);
        for (auto& w : impl->sessions)
            if (auto s = w.lock()) s->close();
        impl->io.stop();
    });
    impl_->thread.join();
}

int FakePlatform::port() const { return impl_->port; }

std::string FakePlatform::url(const std::string& path_and_query, const std::string& host) const {
    return "https://" + host + ":" + std::to_string(impl_->port) + path_and_query;
}

void FakePlatform::on(const std::string& method, const std::string& path, Handler handler) {
    std::lock_guard lock(impl_->mutex);
    impl_->handlers[{method, path}] = std::move(handler);
}

void FakePlatform::on(const std::string& method, const std::string& path, FakeReply reply) {
    on(method, path, [reply](const ReceivedRequest&) { return reply; });
}

void FakePlatform::fail_next(const Fault& fault, int times) {
    std::lock_guard lock(impl_->mutex);
    for (int i = 0; i < times; ++i) impl_->faults.push_back(fault);
}

std::vector<ReceivedRequest> FakePlatform::requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->received;
}

std::size_t FakePlatform::connections_accepted() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->accepted;
}

bool FakePlatform::wait_for_requests(std::size_t n, std::chrono::milliseconds bound) const {
    std::unique_lock lock(impl_->mutex);
    return impl_->arrived.wait_for(lock, bound, [&] { return impl_->received.size() >= n; });
}

void FakePlatform::drop_connections() {
    auto done = std::make_shared<std::promise<void>>();
    auto finished = done->get_future();
    net::post(impl_->io, [impl = impl_.get(), done] {
        for (auto& w : impl->sessions)
            if (auto s = w.lock()) s->close();
        done->set_value();
    });
    finished.wait_for(std::chrono::seconds(10));
}

}  // namespace loyalty::test
