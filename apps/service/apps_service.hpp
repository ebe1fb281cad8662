#pragma once
// The platform apps as loyaltyd runs them: installs (the browser's round trips and the admin's
// KiotViet connection), the links' sync status, and the background work: backfills and
// reconciliations page by page, and the outbox of platform writes. One shop's slow platform
// occupies one worker at a time and never holds back another shop.
#include <boost/json/object.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "apps_config.hpp"
#include "install_state.hpp"
#include "http/rate_limiter.hpp"
#include "http/retry.hpp"
#include "sapo_oauth.hpp"
#include "syncer.hpp"
#include "token_box.hpp"
#include "writer.hpp"

namespace loyalty::core {
class Engine;
}

namespace loyalty::apps {

// Where to send the browser next, and the cookies to set on the way.
struct Redirect {
    std::string location;
    std::vector<std::string> set_cookies;
    // Set when an install completed: the server then signs the shop's owner into the dashboard.
    std::string installed_shop;
    std::string installed_platform;
};

struct AppsOptions {
    unsigned sync_workers = 2;
    std::chrono::milliseconds tick{1000};  // how often the scheduler looks for due work
    http::RetryPolicy retry;
    http::ClientOptions client;  // ca_file is taken from the configuration
    std::function<int64_t()> clock;  // unix seconds; the wall clock when unset
};

class AppsService {
public:
    AppsService(core::Engine& engine, AppsConfig config, AppsOptions options = {});
    ~AppsService();
    AppsService(const AppsService&) = delete;
    AppsService& operator=(const AppsService&) = delete;

    const AppsConfig& config() const { return config_; }

    // GET /apps/{platform}/install[?shop=ID&ticket=T][&store=NAME]: sets the install cookie and
    // sends the browser to the platform. `shop` needs an admin's ticket, or `admin` (the request
    // carried the admin token). Throws not_found for a platform with no app configured,
    // unauthenticated for a shop without either.
    Redirect begin_install(const std::string& platform, const QueryParams& query, bool admin = false);
    // POST /apps/haravan/callback (the form Haravan posts) and GET /apps/sapo/callback (the query).
    // Connects the shop, subscribes its webhooks, starts its backfill; the browser goes to the
    // install's result page.
    Redirect finish_haravan(const QueryParams& form, const std::string& cookie_header);
    Redirect finish_sapo(const QueryParams& query, const std::string& cookie_header);
    // POST /api/v1/shops/{shop}/connections/kiotviet {"retailer", "client_id", "client_secret"}.
    boost::json::object connect_kiotviet(const std::string& shop_id, const boost::json::object& request);
    // POST /api/v1/shops/{shop}/install_links {"platform"}: a link the owner opens to connect the shop.
    boost::json::object install_link(const std::string& shop_id, const boost::json::object& request);

    // GET /api/v1/shops: every shop with its connections' states.
    boost::json::object shops();
    // GET /api/v1/shops/{shop}/sync and POST {"platform", "mode", "since"}.
    boost::json::object sync_status(const std::string& shop_id);
    boost::json::object start_sync(const std::string& shop_id, const boost::json::object& request);

    // Background work: start() runs it on threads until stop() (also from the destructor).
    void start();
    void stop();
    // One pass on the caller's thread: every due link to the end of its walk, then the due jobs.
    // Returns the pages and jobs done. For tests and loyaltyctl.
    int run_once();

    // For a link: its platform's API with its token opened (used by the syncer and the writer).
    std::unique_ptr<PlatformApi> api_for(const core::PlatformLink& link);

private:
    int64_t now() const;
    SyncSettings settings() const { return {config_.reconcile_interval.count(), 300, 0}; }
    void finish_connect(const std::string& shop_id, const std::string& platform, const std::string& account,
                        const struct Credentials& credentials);
    std::string redirect_uri(const std::string& platform) const;
    Redirect done_page(const std::string& shop_id, const std::string& platform) const;
    void scheduler_loop();
    void worker_loop();
    void writer_loop();

    core::Engine& engine_;
    AppsConfig config_;
    AppsOptions options_;
    TokenBox box_;
    InstallStates states_;
    http::HttpsClient client_;
    http::RateLimiter limiter_;
    http::RetryingClient retrying_;
    Syncer syncer_;
    Writer writer_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::pair<std::string, std::string>> queue_;  // links with work, round robin
    std::set<std::pair<std::string, std::string>> busy_;     // queued or being worked on
    std::map<std::pair<std::string, std::string>, std::pair<int64_t, int>> backoff_;  // until, failures
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace loyalty::apps
