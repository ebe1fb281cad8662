#include "member_page_html.hpp"

#include "html.hpp"

namespace loyalty::server {
namespace {

// Inline because the pages load nothing else (CSP: style-src 'unsafe-inline', nothing more).
constexpr const char* style = R"(<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
main{max-width:30rem;margin:0 auto;padding:1rem}
h1{font-size:1.1rem;margin:.5rem 0 1rem}
section{background:#fff;border-radius:.75rem;padding:1rem;margin-bottom:1rem;box-shadow:0 1px 2px #0001}
.big{font-size:2.2rem;font-weight:700}
.muted{color:#5b6475;font-size:.9rem}
ul{list-style:none;margin:0;padding:0}
li{display:flex;justify-content:space-between;gap:1rem;padding:.5rem 0;border-top:1px solid #eef0f3}
li:first-child{border-top:0}
.plus{color:#0a7a3b;font-weight:600}.minus{color:#b3261e;font-weight:600}
progress{width:100%;height:.6rem}
h2{font-size:1rem;margin:0 0 .5rem}
li form{margin:0}
button{font:inherit;font-weight:600;padding:.5rem 1.25rem;border:0;border-radius:.5rem;background:#b3261e;color:#fff}
.notice{border-left:4px solid #b3261e}.won{border-left:4px solid #0a7a3b}
.prize{font-size:1.5rem;font-weight:700;margin:.25rem 0}
</style>)";

}  // namespace

std::string member_document(const std::string& title, const std::string& body) {
    return "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
           "<meta name=\"robots\" content=\"noindex\"><title>" +
           html_escape(title) + "</title>" + style + "</head><body><main>" + body + "</main></body></html>";
}

}  // namespace loyalty::server
