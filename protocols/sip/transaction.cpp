#include "protocols/sip/transaction.hpp"

#include "protocols/sip/headers.hpp"
#include "protocols/sip/lexer.hpp"
#include "protocols/sip/message.hpp"
#include "protocols/sip/reader.hpp"

#include <algorithm>
#include <vector>

namespace ngn::sip {

using namespace detail;

namespace {

constexpr std::string_view magic_cookie = "z9hG4bK"; // RFC 3261 §8.1.1.7

// Request-Line or Status-Line: only what the transaction layer needs (RFC 3261 §7.1, §7.2).
bool read_start_line(std::string_view line, std::size_t base, transaction_info& t,
                     codec_error& err) {
  auto sp = line.find_first_of(" \t");
  if (sp == std::string_view::npos || sp == 0)
    return fail(err, errc::malformed, base, "start line without SP");
  auto first = line.substr(0, sp);
  auto rest = trim_wsp(line.substr(sp));
  if (first.size() >= 4 && iequals(first.substr(0, 4), "SIP/")) {
    if (!iequals(first, "SIP/2.0")) return fail(err, errc::unsupported, base, "SIP version other than 2.0");
    t.is_request = false;
    if (rest.size() < 3 || !is_digit(rest[0]) || !is_digit(rest[1]) || !is_digit(rest[2])
        || rest[0] < '1' || rest[0] > '6' || (rest.size() > 3 && !is_wsp(rest[3])))
      return fail(err, errc::malformed, base + sp, "Status-Code expected");
    t.status = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
    return true;
  }
  if (!all_of_class(first, cc_token)) return fail(err, errc::malformed, base, "Method is not a token");
  auto sp2 = rest.find_first_of(" \t");
  if (rest.empty() || sp2 == std::string_view::npos)
    return fail(err, errc::malformed, base + sp, "Request-URI and SIP-Version expected");
  auto version = trim_wsp(rest.substr(sp2));
  if (!iequals(version, "SIP/2.0")) {
    if (version.size() >= 4 && iequals(version.substr(0, 4), "SIP/"))
      return fail(err, errc::unsupported, base, "SIP version other than 2.0");
    return fail(err, errc::malformed, base, "SIP-Version expected");
  }
  t.is_request = true;
  t.method.assign(first.data(), first.size());
  return true;
}

void append_sent_by(std::string& key, const via& v) {
  for (char c : v.host) key += ascii_lower(c);
  key += ':';
  key += std::to_string(v.port.value_or(5060)); // RFC 3261 §18.2.1 default port
}

// A deterministic To tag for stateless answers: FNV-1a of the Call-ID (RFC 3261 §19.3 only asks
// for uniqueness per dialog, and these answers create none).
std::string tag_for(std::string_view call_id) {
  std::uint32_t h = 2166136261u;
  for (char c : call_id) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  static constexpr char digits[] = "0123456789abcdef";
  std::string s = "sl";
  for (int i = 7; i >= 0; --i) s += digits[(h >> (i * 4)) & 15];
  return s;
}

} // namespace

result<transaction_info> inspect_transaction(std::string_view in) {
  auto reader = open_message(in);
  if (!reader) return reader.error();
  field_reader& r = *reader;
  transaction_info t;
  codec_error err;
  if (!read_start_line(r.start_line(), r.start_offset(), t, err)) return err;
  std::string scratch;
  std::vector<via> vias;
  cseq cs;
  std::string call_id, from;
  std::int64_t header_expires = -1, contact_expires = -1;
  bool have_from = false, have_to = false, have_call_id = false, have_cseq = false;
  const auto field = [&](const raw_field& f) -> std::optional<codec_error> {
    switch (lookup_header(f.name)) {
      case hid::via:
        if (vias.empty()) {
          auto v = field_value(f, scratch);
          if (!parse_via_list(cursor{v, field_value_offset(f, v)}, vias, err)) return err;
        }
        break;
      case hid::cseq: {
        if (have_cseq) return make_error(errc::malformed, f.offset, "CSeq repeated");
        auto v = field_value(f, scratch);
        if (!parse_cseq(cursor{v, field_value_offset(f, v)}, cs, err)) return err;
        have_cseq = true;
        break;
      }
      case hid::call_id:
        call_id = std::string(field_value(f, scratch));
        have_call_id = !call_id.empty();
        break;
      case hid::from:
        from = std::string(field_value(f, scratch));
        have_from = !from.empty();
        break;
      case hid::authorization:
        t.has_credentials = true;
        break;
      case hid::to:
        have_to = !field_value(f, scratch).empty();
        break;
      case hid::expires:
        if (t.is_request && t.method == "REGISTER" && header_expires < 0) {
          std::uint32_t n = 0;
          codec_error ignored;
          auto v = field_value(f, scratch);
          if (parse_number(cursor{v, 0}, n, true, ignored)) header_expires = n;
        }
        break;
      case hid::contact:
        if (t.is_request && t.method == "REGISTER" && contact_expires < 0) {
          // Only the first Contact matters here: what one registration asks for.
          std::vector<name_addr> contacts;
          bool star = false;
          codec_error ignored;
          auto v = field_value(f, scratch);
          if (parse_contact_list(cursor{v, 0}, contacts, star, ignored)) {
            std::uint32_t n = 0;
            const param* e = contacts.empty() ? nullptr : find_param(contacts.front().params, "expires");
            if (star) contact_expires = 0;
            else if (e != nullptr && parse_number(cursor{e->value, 0}, n, true, ignored))
              contact_expires = n;
          }
        }
        break;
      default:
        break;
    }
    return std::nullopt;
  };
  if (auto e = for_each_field(r, max_header_fields, field)) return *e;
  if (vias.empty()) return make_error(errc::malformed, r.position(), "Via missing");
  if (!have_cseq) return make_error(errc::malformed, r.position(), "CSeq missing");
  if (t.is_request && cs.method != t.method)
    return make_error(errc::malformed, r.position(), "CSeq method differs from the request method");
  if (!t.is_request) t.method = cs.method;
  t.answerable = have_from && have_to && have_call_id;
  t.expires = contact_expires >= 0 ? contact_expires : header_expires;
  const via& top = vias.front();
  const auto branch = top.branch();
  t.key.reserve(branch.size() + top.host.size() + t.method.size() + call_id.size() + 40);
  if (branch.substr(0, magic_cookie.size()) == magic_cookie) {
    // RFC 3261 §17.2.3: branch, sent-by and method (the CSeq method of a response).
    t.key.assign(branch.data(), branch.size());
    t.key += '\n';
    append_sent_by(t.key, top);
    t.key += '\n';
    t.key += t.method;
    t.call_id = std::move(call_id);
    return t;
  }
  // RFC 2543 peers: Call-ID, From tag, CSeq and the top Via (see transaction_info::key).
  std::string from_tag;
  name_addr fa;
  codec_error ignored;
  if (have_from && parse_from_to(cursor{from, 0}, fa, ignored)) from_tag = std::string(fa.tag());
  t.key = "2543\n" + call_id + '\n' + from_tag + '\n' + std::to_string(cs.number) + ' ' + cs.method
          + '\n';
  append_sent_by(t.key, top);
  t.key += '\n';
  t.key.append(branch.data(), branch.size());
  t.call_id = std::move(call_id);
  return t;
}

std::string stateless_response(std::string_view request, int status, std::string_view reason,
                               std::string_view extra) {
  auto info = inspect_transaction(request);
  if (!info) return {};
  return stateless_response(request, *info, status, reason, extra);
}

std::string stateless_response(std::string_view request, const transaction_info& info, int status,
                               std::string_view reason, std::string_view extra) {
  if (!info.is_request || !info.answerable || status < 100 || status > 699) return {};
  field_reader r{request};
  std::string vias, from, to, call_id, cseq_line, scratch;
  raw_field f;
  while (r.next(f) == field_reader::field) {
    auto v = field_value(f, scratch);
    switch (lookup_header(f.name)) {
      case hid::via: (vias += "Via: ").append(v.data(), v.size()) += "\r\n"; break;
      case hid::from: from = std::string(v); break;
      case hid::to: to = std::string(v); break;
      case hid::call_id: call_id = std::string(v); break;
      case hid::cseq: cseq_line = std::string(v); break;
      default: break;
    }
  }
  name_addr to_addr;
  codec_error ignored;
  if (!parse_from_to(cursor{to, 0}, to_addr, ignored)) return {};
  std::string out = "SIP/2.0 " + std::to_string(status) + ' ';
  for (char c : reason) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  out += "\r\n" + vias + "From: " + from + "\r\nTo: " + to;
  if (to_addr.tag().empty()) out += ";tag=" + tag_for(call_id); // RFC 3261 §8.2.6.2
  out += "\r\nCall-ID: " + call_id + "\r\nCSeq: " + cseq_line + "\r\n";
  out.append(extra.data(), extra.size());
  out += "Content-Length: 0\r\n\r\n";
  return out;
}

// -- the table ----------------------------------------------------------------------------------

server_transactions::server_transactions(transaction_config cfg) : cfg_(cfg) {
  if (cfg_.max_transactions == 0) cfg_.max_transactions = 1;
  index_.reserve(std::min<std::size_t>(cfg_.max_transactions, 4096));
}

std::uint32_t server_transactions::allocate() {
  if (!free_.empty()) {
    auto i = free_.front();
    free_.pop_front();
    return i;
  }
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void server_transactions::release(std::uint32_t index) {
  slot& s = slots_[index];
  if (s.st == state::trying || s.st == state::proceeding) leave_trying(s);
  index_.erase(std::string_view{s.key});
  s.st = state::free;
  ++s.generation;
  s.key.clear();
  s.response.clear();
  if (s.response.capacity() > 4096) s.response.shrink_to_fit();
  free_.push_back(index);
}

void server_transactions::leave_trying(slot& s) {
  --trying_;
  auto i = trying_by_source_.find(s.source);
  if (i != trying_by_source_.end() && --i->second == 0) trying_by_source_.erase(i);
}

bool server_transactions::evict_from(std::deque<timer>& fifo) {
  while (!fifo.empty()) {
    const timer t = fifo.front();
    fifo.pop_front();
    const slot& s = slots_[t.index];
    if (s.generation != t.generation || s.st != state::completed) continue; // stale entry
    release(t.index);
    ++stats_.evicted;
    return true;
  }
  return false;
}

bool server_transactions::evict_one() {
  return evict_from(retryable_timers_) || evict_from(completed_timers_);
}

server_transactions::request_result server_transactions::on_request(std::string_view key,
                                                                    std::uint64_t source,
                                                                    micros now,
                                                                    std::size_t trying_limit,
                                                                    std::size_t source_limit) {
  auto found = index_.find(key);
  if (found != index_.end()) {
    // RFC 3261 §17.2.2: Trying absorbs; Proceeding and Completed send the last response again.
    ++stats_.absorbed;
    const slot& s = slots_[found->second];
    if (!s.response.empty()) ++stats_.resent;
    return {verdict::retransmission, s.response};
  }
  if (trying_ >= trying_limit) {
    ++stats_.refused;
    return {verdict::refused, {}, bound::trying};
  }
  auto per_source = trying_by_source_.find(source);
  if (source_limit == 0) source_limit = cfg_.max_trying_per_source;
  if (per_source != trying_by_source_.end() && per_source->second >= source_limit) {
    ++stats_.refused;
    return {verdict::refused, {}, bound::source};
  }
  if (index_.size() >= cfg_.max_transactions && !evict_one()) {
    ++stats_.refused;
    return {verdict::refused, {}, bound::table};
  }
  const auto i = allocate();
  slot& s = slots_[i];
  s.key.assign(key.data(), key.size());
  s.source = source;
  s.st = state::trying;
  index_.emplace(std::string_view{s.key}, i);
  ++trying_;
  ++trying_by_source_[source];
  trying_timers_.push_back(timer{now + cfg_.trying_timeout, i, s.generation});
  if (trying_timers_.size() > 2 * cfg_.max_transactions + 1024) compact_trying_timers();
  ++stats_.created;
  return {verdict::created, {}};
}

server_transactions::response_result server_transactions::on_response(std::string_view key,
                                                                      int status,
                                                                      std::string_view bytes,
                                                                      micros now) {
  auto found = index_.find(key);
  if (found == index_.end()) {
    ++stats_.stray_responses;
    return response_result::no_transaction;
  }
  slot& s = slots_[found->second];
  if (s.st == state::completed) {
    ++stats_.late_responses;
    return response_result::late;
  }
  s.response.assign(bytes.data(), bytes.size());
  if (status < 200) {
    s.st = state::proceeding; // §17.2.2: a provisional response
    return response_result::recorded;
  }
  // §17.2.2: a final response moves the transaction to Completed, kept for Timer J.
  leave_trying(s);
  s.st = state::completed;
  const bool retryable = status == 401 || status == 407 || status == 503;
  (retryable ? retryable_timers_ : completed_timers_)
    .push_back(timer{now + cfg_.timer_j, found->second, s.generation});
  ++stats_.completed;
  return response_result::recorded;
}

void server_transactions::compact_trying_timers() {
  // Entries of transactions that completed since: a flood of quickly answered requests must not
  // grow this FIFO for a whole trying_timeout.
  std::deque<timer> live;
  for (const timer& t : trying_timers_) {
    const slot& s = slots_[t.index];
    if (s.generation == t.generation && (s.st == state::trying || s.st == state::proceeding))
      live.push_back(t);
  }
  trying_timers_.swap(live);
}

void server_transactions::sweep(micros now) {
  while (!trying_timers_.empty() && trying_timers_.front().deadline <= now) {
    const timer t = trying_timers_.front();
    trying_timers_.pop_front();
    const slot& s = slots_[t.index];
    if (s.generation != t.generation || (s.st != state::trying && s.st != state::proceeding))
      continue;
    release(t.index);
    ++stats_.unanswered;
  }
  expire(completed_timers_, now);
  expire(retryable_timers_, now);
}

void server_transactions::expire(std::deque<timer>& fifo, micros now) {
  while (!fifo.empty() && fifo.front().deadline <= now) {
    const timer t = fifo.front();
    fifo.pop_front();
    const slot& s = slots_[t.index];
    if (s.generation != t.generation || s.st != state::completed) continue;
    release(t.index); // Timer J fired: Terminated
    ++stats_.expired;
  }
}

} // namespace ngn::sip
