#pragma once
// Text placed in HTML that loyaltyd writes itself (the apps' pages, the member's page): the five
// characters that could end an element or an attribute, as entities.
#include <string>
#include <string_view>

namespace loyalty::server {

inline std::string html_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace loyalty::server
