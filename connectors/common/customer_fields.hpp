#pragma once
// Reading a customer's profile fields the same way on every platform, so one person typed into
// three shops' admins becomes the same member. None of these ever refuses a delivery: a profile
// field the engine could not take is dropped ("") and the member is kept without it.
#include <string>
#include <string_view>

namespace loyalty::core {
class Zone;
}

namespace loyalty::connectors {

// A phone canonical_phone reads and placeholder_phone does not refuse, trying the whole field and
// then each of several numbers a shop typed into it ("0912345678 / 0987654321", separated by `/`
// `,` `;` `|` or ` - `): the first one that identifies someone wins. When none does, the field as
// typed (if short, printable and holding digits), which the engine keeps as text and never uses
// to find or merge a member; else "".
std::string readable_phone(std::string_view raw);

// A birthday as YYYY-MM-DD in the shop's calendar, or "" when unreadable. A date is kept as
// written; a date-time is the shop's calendar day at that instant ("1990-05-12T17:00:00Z" is the
// 13th in Saigon; a zoneless one is already local, so it keeps its date part).
std::string birthday_date(std::string_view raw, const core::Zone& zone);

// "Nguyễn Văn An" from last_name "Nguyễn" and first_name "Văn An": Vietnamese names put the family
// name first. Each part trimmed; either alone when the other is empty.
std::string full_name(std::string_view last_name, std::string_view first_name);

}  // namespace loyalty::connectors
