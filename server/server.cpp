#include "server.hpp"

#include <openssl/ssl.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include "access_log.hpp"
#include "admission.hpp"
#include "apps_service.hpp"
#include "calls.hpp"
#include "failure.hpp"
#include "log_line.hpp"
#include "router.hpp"
#include "util/error.hpp"

namespace loyalty::server {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// TLS 1.2 suites with forward secrecy and AEAD only; TLS 1.3 suites are modern by construction.
constexpr const char* tls12_ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::string random_prefix() {
    std::random_device rd;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08x", rd());
    return buf;
}

AdmissionLimits admission_limits(const LiveSettings& l) {
    return {l.max_connections, l.max_connections_per_address, l.max_handshakes_per_address,
            l.handshakes_per_second_per_address};
}

}  // namespace

class SessionBase {
public:
    virtual ~SessionBase() = default;
    virtual void close_if_idle() = 0;
    virtual void close_now() = 0;
    // Made room for a new connection: closes now if waiting on its client, else after its answer.
    virtual void give_up() = 0;
};

// What a connection touches as it is destroyed, which can be after the server itself when the I/O
// context drops handlers it never ran: so it is shared, not owned by the server.
struct Registry {
    Metrics metrics;
    std::mutex mutex;
    std::condition_variable gone;
    uint64_t next = 0;
    std::unordered_map<uint64_t, std::weak_ptr<SessionBase>> sessions;
    Admission admission;

    struct Admitted {
        uint64_t id = 0;
        Admission::Decision decision;
        std::weak_ptr<SessionBase> victim;
    };
    Admitted admit(const std::string& client, bool tls, const AdmissionLimits& limits) {
        std::lock_guard lock(mutex);
        Admitted a;
        a.id = ++next;
        a.decision = admission.admit(a.id, client, tls, Clock::now(), limits);
        if (auto it = sessions.find(a.decision.victim); it != sessions.end()) a.victim = it->second;
        return a;
    }
    void add(uint64_t id, const std::shared_ptr<SessionBase>& s) {
        std::lock_guard lock(mutex);
        sessions.emplace(id, s);
    }
    void phase(uint64_t id, Phase p) {
        std::lock_guard lock(mutex);
        admission.phase(id, p, Clock::now());
    }
    void remove(uint64_t id) {
        std::lock_guard lock(mutex);
        sessions.erase(id);
        admission.remove(id, Clock::now());
        if (sessions.empty()) gone.notify_all();
    }
    std::vector<std::shared_ptr<SessionBase>> live() {
        std::lock_guard lock(mutex);
        std::vector<std::shared_ptr<SessionBase>> out;
        for (auto& [id, weak] : sessions)
            if (auto s = weak.lock()) out.push_back(std::move(s));
        return out;
    }
    bool wait_empty(std::chrono::milliseconds bound) {
        std::unique_lock lock(mutex);
        return gone.wait_for(lock, bound, [this] { return sessions.empty(); });
    }
};

struct Server::State {
    std::shared_ptr<Registry> registry = std::make_shared<Registry>();
    core::Engine& engine;
    ServerConfig config;  // as started; its `live` part is the one below, replaced whole by a reload
    std::atomic<std::shared_ptr<const LiveSettings>> live;
    Metrics& metrics = registry->metrics;
    std::unique_ptr<apps::AppsService> apps;  // before the router, which calls it
    notify::Notifier notifier;
    Router router;
    net::io_context io;
    // Replaced whole by a reload; a session keeps the context it started with, so a reload never
    // touches a connection that is open.
    std::mutex tls_mutex;
    std::shared_ptr<ssl::context> tls;
    tcp::acceptor acceptor;
    net::thread_pool engine_pool;
    net::steady_timer maintenance;
    std::vector<std::thread> threads;
    std::atomic<bool> stopping{false};
    std::atomic<uint64_t> next_request{0};
    std::string id_prefix = random_prefix();
    std::string cert_file, key_file;  // what `tls` was read from, as the last reload named them (tls_mutex)

    // The links in messages point where the apps' pages are served.
    static notify::NotifierOptions notifier_options(const ServerConfig& c) {
        notify::NotifierOptions o = c.notifications;
        if (o.public_url.empty() && c.apps) o.public_url = c.apps->public_url;
        return o;
    }

    State(core::Engine& e, ServerConfig c)
        : engine(e),
          config(std::move(c)),
          live(std::make_shared<const LiveSettings>(config.live)),
          apps(config.apps ? std::make_unique<apps::AppsService>(engine, *config.apps) : nullptr),
          notifier(engine, notifier_options(config)),
          router(engine, config, metrics, apps.get()),
          acceptor(net::make_strand(io)),
          engine_pool(config.engine_threads),
          maintenance(io),
          cert_file(config.cert_file),
          key_file(config.key_file) {}
};

namespace {

// One connection: read a request, answer it, and again while the client keeps it alive. `Derived`
// supplies the stream (plain or TLS) and how to open and close it.
template <class Derived>
class Session : public SessionBase {
public:
    Session(Server::State& server, std::string peer)
        : server_(server), registry_(server.registry), peer_(std::move(peer)) {
        registry_->metrics.connections(+1);
    }
    ~Session() override {
        registry_->metrics.connections(-1);
        if (id_) registry_->remove(id_);
    }
    void registered(uint64_t id) { id_ = id; }

    void close_if_idle() override {
        net::post(derived().stream().get_executor(), [self = derived().shared_from_this()] {
            // An idle session has a read pending, so a TLS close_notify (which reads too) cannot be
            // started; closing the socket cancels the read, and nothing was acknowledged on it.
            if (!self->busy_) {
                self->closing_ = true;
                beast::get_lowest_layer(self->derived().stream()).close();
            }
        });
    }
    void close_now() override {
        net::post(derived().stream().get_executor(), [self = derived().shared_from_this()] {
            beast::get_lowest_layer(self->derived().stream()).close();
        });
    }
    void give_up() override {
        given_up_ = true;
        close_if_idle();
    }

protected:
    void read_request() {
        if (server_.stopping || given_up_) return shut();
        registry_->phase(id_, Phase::waiting);
        parser_.emplace();
        const auto live = server_.live.load();
        parser_->body_limit(live->body_limit);
        parser_->header_limit(static_cast<std::uint32_t>(live->header_limit));
        // The whole request must arrive within the timeout, however slowly it trickles: a slow
        // client cannot hold a connection open by sending a byte at a time.
        beast::get_lowest_layer(derived().stream()).expires_after(served_ ? live->idle_timeout : live->read_timeout);
        beast::http::async_read(derived().stream(), buffer_, *parser_,
                                beast::bind_front_handler(&Session::on_read, derived().shared_from_this()));
    }

    void shut() {
        if (closing_) return;
        closing_ = true;
        derived().close();
    }

    Derived& derived() { return static_cast<Derived&>(*this); }
    Server::State& server_;  // valid while a handler of this session runs
    std::shared_ptr<Registry> registry_;
    beast::flat_buffer buffer_;

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == beast::http::error::body_limit) return refuse(413, "the body is over the limit");
        if (ec == beast::http::error::header_limit) return refuse(431, "the headers are over the limit");
        // A request the parser refuses (a NUL or control character in a header, a bad method or
        // version) gets an answer saying so; a connection closed or cut mid-request gets none.
        if (ec && ec.category() == beast::http::make_error_code(beast::http::error::bad_value).category() &&
            ec != beast::http::error::end_of_stream && ec != beast::http::error::partial_message)
            return refuse(400, "the request is not valid HTTP/1.1");
        if (ec) return shut();  // closed, timed out, or not HTTP: nothing was acknowledged
        busy_ = true;
        registry_->phase(id_, Phase::busy);
        started_ = Clock::now();
        request_ = parser_->release();
        if (server_.router.answers_inline(request_)) return respond(server_.router.handle(request_));
        // A platform's retry of a delivery this instance stored is answered here, from memory: waking an engine
        // thread and coming back costs more than the answer. Any other webhook is checked and mapped here too.
        auto early = server_.router.early(request_);
        if (early.answer) return respond(std::move(*early.answer));
        // Engine calls block until the commit is durable; they wait on their own pool, and the answer
        // comes back to this connection's strand.
        net::post(server_.engine_pool, [self = derived().shared_from_this(), checked = std::move(early.checked)] {
            Handled handled = self->server_.router.handle(self->request_, checked);
            net::post(self->derived().stream().get_executor(),
                      [self, handled = std::move(handled)]() mutable { self->respond(std::move(handled)); });
        });
    }

    void refuse(unsigned status, const char* message) {
        busy_ = true;
        registry_->phase(id_, Phase::busy);
        started_ = Clock::now();
        // The request was not read whole, so the connection cannot carry another one.
        Request head{beast::http::verb::unknown, "", 11};
        head.keep_alive(false);
        draining_ = true;
        Handled h;
        h.response = error_response(head, status, "invalid_argument", message);
        respond(std::move(h));
    }

    void respond(Handled handled) {
        auto latency = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_);
        unsigned status = handled.response.result_int();
        std::string id = server_.id_prefix + "-" + std::to_string(++server_.next_request);
        handled.response.set("X-Request-Id", id);
        if (server_.stopping) handled.response.keep_alive(false);
        server_.metrics.request(handled.route, status, latency);
        const auto live = server_.live.load();
        if (live->access_log && live->log_level <= LogLevel::info) {
            auto method = request_.method_string();
            log_request(id, {method.data(), method.size()}, handled, status, latency, peer_);
        }
        response_ = std::move(handled.response);
        beast::get_lowest_layer(derived().stream()).expires_after(live->read_timeout);
        beast::http::async_write(derived().stream(), response_,
                                 beast::bind_front_handler(&Session::on_write, derived().shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        busy_ = false;
        served_ = true;
        if (ec) return shut();
        if (draining_) return drain();
        if (!response_.keep_alive()) return shut();
        read_request();
    }

    // After refusing a request it did not read whole, the server reads and drops what the client is
    // still sending, for a bounded time and size, before closing: closing with unread data makes the
    // TCP stack send a reset, which can destroy the refusal before the client has read it.
    void drain() {
        constexpr std::size_t most = 8 * 1024 * 1024;
        beast::get_lowest_layer(derived().stream()).expires_after(std::chrono::seconds(2));
        derived().stream().async_read_some(
            net::buffer(drain_buffer_),
            [self = derived().shared_from_this()](beast::error_code ec, std::size_t n) {
                self->drained_ += n;
                if (ec || self->drained_ > most || self->server_.stopping) return self->shut();
                self->drain();
            });
    }

    std::string peer_;
    uint64_t id_ = 0;
    std::optional<beast::http::request_parser<beast::http::string_body>> parser_;
    Request request_;
    Response response_;
    Clock::time_point started_;
    bool busy_ = false;
    bool served_ = false;
    bool closing_ = false;
    bool draining_ = false;
    std::atomic<bool> given_up_{false};  // set from the accepting strand
    std::size_t drained_ = 0;
    std::array<char, 16384> drain_buffer_{};
};

class PlainSession : public Session<PlainSession>, public std::enable_shared_from_this<PlainSession> {
public:
    PlainSession(Server::State& server, tcp::socket&& socket, std::string peer)
        : Session(server, std::move(peer)), stream_(std::move(socket)) {}
    beast::tcp_stream& stream() { return stream_; }
    void run() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_request(); });
    }
    void close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.close();
    }

private:
    beast::tcp_stream stream_;
};

class TlsSession : public Session<TlsSession>, public std::enable_shared_from_this<TlsSession> {
public:
    TlsSession(Server::State& server, tcp::socket&& socket, std::string peer, std::shared_ptr<ssl::context> tls)
        : Session(server, std::move(peer)), tls_(std::move(tls)), stream_(std::move(socket), *tls_) {}
    beast::ssl_stream<beast::tcp_stream>& stream() { return stream_; }
    void run() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            beast::get_lowest_layer(self->stream_).expires_after(self->server_.live.load()->handshake_timeout);
            self->stream_.async_handshake(ssl::stream_base::server, [self](beast::error_code ec) {
                if (ec) return beast::get_lowest_layer(self->stream_).close();
                self->read_request();
            });
        });
    }
    void close() {
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
        stream_.async_shutdown([self = shared_from_this()](beast::error_code) {
            beast::get_lowest_layer(self->stream_).close();
        });
    }

private:
    std::shared_ptr<ssl::context> tls_;  // before the stream, which uses it until it is destroyed
    beast::ssl_stream<beast::tcp_stream> stream_;
};

void accept(Server::State& s) {
    s.acceptor.async_accept(net::make_strand(s.io), [&s](beast::error_code ec, tcp::socket socket) {
        if (ec) {
            if (!s.acceptor.is_open()) return;  // stopped
            return accept(s);                    // e.g. out of descriptors: keep serving the others
        }
        beast::error_code peer_ec;
        auto endpoint = socket.remote_endpoint(peer_ec);
        std::string peer = peer_ec ? "" : endpoint.address().to_string();
        const bool tls = s.config.tls();
        auto admitted = s.registry->admit(peer_ec ? "" : client_key(endpoint.address()), tls,
                                          admission_limits(*s.live.load()));
        if (!admitted.decision.admitted) {
            s.metrics.refused(admitted.decision.reason);
            beast::error_code ignored;
            socket.close(ignored);  // before any TLS work: the client retries later
            return accept(s);
        }
        if (admitted.decision.victim) {
            s.metrics.given_up(admitted.decision.reason);
            if (auto victim = admitted.victim.lock()) victim->give_up();
        }
        if (tls) {
            std::shared_ptr<ssl::context> context;
            {
                std::lock_guard lock(s.tls_mutex);
                context = s.tls;
            }
            auto session = std::make_shared<TlsSession>(s, std::move(socket), std::move(peer), std::move(context));
            session->registered(admitted.id);
            s.registry->add(admitted.id, session);
            session->run();
        } else {
            auto session = std::make_shared<PlainSession>(s, std::move(socket), std::move(peer));
            session->registered(admitted.id);
            s.registry->add(admitted.id, session);
            session->run();
        }
        accept(s);
    });
}

void schedule_maintenance(Server::State& s) {
    s.maintenance.expires_after(s.config.maintenance_interval);
    s.maintenance.async_wait([&s](beast::error_code ec) {
        if (ec || s.stopping) return;
        net::post(s.engine_pool, [&s] {
            auto now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
            try {
                auto report = documents::run_maintenance(s.engine, now);
                if (s.live.load()->log_level <= LogLevel::info) LogLine(LogLevel::info).add("maintenance", report).write();
            } catch (...) {
                auto failure = documents::current_failure();
                LogLine(LogLevel::error).add("maintenance_failed", true).add_text("message", failure.message).write();
            }
        });
        schedule_maintenance(s);
    });
}

// A context for new TLS sessions, from the certificate and key files as they are now.
std::shared_ptr<ssl::context> tls_context(const std::string& cert_file, const std::string& key_file) {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    // The server's order of suites, not the client's: an old client listing a weaker suite first
    // still gets the strongest both speak.
    SSL_CTX_set_options(ctx->native_handle(), SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
    SSL_CTX_set_cipher_list(ctx->native_handle(), tls12_ciphers);
    beast::error_code ec;
    ctx->use_certificate_chain_file(cert_file, ec);
    if (ec) core::fail(core::Status::invalid_argument, "cannot use TLS certificate " + cert_file + ": " + ec.message());
    // OpenSSL also refuses here a key that does not belong to the certificate ("key values mismatch"):
    // a renewed certificate beside the old key fails the reload, not every client's handshake.
    ctx->use_private_key_file(key_file, ssl::context::pem, ec);
    if (ec) core::fail(core::Status::invalid_argument, "cannot use TLS key " + key_file + ": " + ec.message());
    return ctx;
}

void listen(Server::State& s) {
    beast::error_code ec;
    auto address = net::ip::make_address(s.config.address, ec);
    if (ec) core::fail(core::Status::invalid_argument, "listen.address \"" + s.config.address + "\" is not an IP address");
    tcp::endpoint endpoint(address, s.config.port);
    auto check = [&](const char* what) {
        if (ec)
            core::fail(core::Status::invalid_argument, std::string("cannot listen on ") + s.config.address + ":" +
                                                           std::to_string(s.config.port) + " (" + what + "): " +
                                                           ec.message());
    };
    s.acceptor.open(endpoint.protocol(), ec);
    check("open");
    s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
    check("reuse_address");
    s.acceptor.bind(endpoint, ec);
    check("bind");
    s.acceptor.listen(net::socket_base::max_listen_connections, ec);
    check("listen");
}

}  // namespace

Server::Server(core::Engine& engine, ServerConfig config) {
    unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    if (config.io_threads == 0) config.io_threads = cores;
    // Engine calls mostly wait for their commit; more of them waiting means bigger shared commits.
    if (config.engine_threads == 0) config.engine_threads = std::max(64u, 16 * config.io_threads);
    if (!config.tls() && !config.insecure_http)
        core::fail(core::Status::invalid_argument,
                   "listen.tls is required (cert and key); set \"insecure_http\": true only behind a proxy that "
                   "terminates TLS");
    if (config.tls() && config.key_file.empty())
        core::fail(core::Status::invalid_argument, "listen.tls needs both cert and key");
    state_ = std::make_unique<State>(engine, std::move(config));
    if (state_->config.tls()) state_->tls = tls_context(state_->cert_file, state_->key_file);
    listen(*state_);
    accept(*state_);
    schedule_maintenance(*state_);
    for (unsigned i = 0; i < state_->config.io_threads; ++i) state_->threads.emplace_back([this] { state_->io.run(); });
    if (state_->apps) state_->apps->start();
    state_->notifier.start();
}

unsigned short Server::port() const { return state_->acceptor.local_endpoint().port(); }
core::Engine& Server::engine() const { return state_->engine; }

void Server::reload_tls() {
    if (!state_->config.tls()) return;
    std::lock_guard lock(state_->tls_mutex);
    state_->tls = tls_context(state_->cert_file, state_->key_file);  // throws, and the context in use stays
}

void Server::reconfigure(const ServerConfig& fresh) {
    if (fresh.tls() != state_->config.tls())
        core::fail(core::Status::invalid_argument,
                   fresh.tls() ? "listen.tls: serving TLS instead of plain HTTP needs a restart"
                               : "listen.tls: serving plain HTTP instead of TLS needs a restart");
    if (fresh.tls() && fresh.key_file.empty())
        core::fail(core::Status::invalid_argument, "listen.tls needs both cert and key");
    std::lock_guard lock(state_->tls_mutex);
    if (fresh.tls()) {
        auto tls = tls_context(fresh.cert_file, fresh.key_file);  // throws before anything changes
        state_->tls = std::move(tls);
        state_->cert_file = fresh.cert_file;
        state_->key_file = fresh.key_file;
    }
    state_->live.store(std::make_shared<const LiveSettings>(fresh.live));
}

Server::~Server() {
    auto& s = *state_;
    s.stopping = true;
    net::post(s.acceptor.get_executor(), [&s] {
        beast::error_code ec;
        s.acceptor.close(ec);
    });
    net::post(s.io, [&s] { s.maintenance.cancel(); });
    // A page of backfill in flight finishes (it is idempotent either way); no new one starts.
    if (s.apps) s.apps->stop();
    s.notifier.stop();
    // Idle connections close now; busy ones answer their request (with Connection: close) first.
    for (auto& session : s.registry->live()) session->close_if_idle();
    if (!s.registry->wait_empty(s.live.load()->drain_timeout)) {
        for (auto& session : s.registry->live()) session->close_now();
        s.registry->wait_empty(std::chrono::seconds(2));
    }
    s.engine_pool.join();
    s.io.stop();
    for (auto& t : s.threads) t.join();
}

}  // namespace loyalty::server
