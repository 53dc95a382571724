// The registration's life in the h248 binding (DESIGN.md §1.2): keepalive, the edge's answer to
// it, de-registration and the registrar's answer.
//
//   keepalive            = Transaction = life_tid { Context = - { Notify = <T> { ObservedEvents =
//                          <session> { it/ito } } } } (H.248.14 inactivity timer package: the
//                          ObservedEventsDescriptor of ito has no parameters; its RequestID is
//                          the session id the challenge's Events descriptor named),
//   keepalive answer     = Reply = tid { Context = - { Notify = <T> } } from the edge (decodes as
//                          ack, issue 9 spec: the terminal treats the ack as the answer),
//   de-registration      = Transaction = life_tid { Context = - { ServiceChange = ROOT { Services {
//                          Method = Forced, Reason = "905 Termination taken out of service"
//                          [, X-UID = identity] } } } } (H.248.1 §7.2.8.1.1, §7.2.8.1.5),
//   deregistered         = Reply = tid { Context = - { ServiceChange = ROOT } } (Annex B
//                          serviceChangeReply without a descriptor: nothing to tell the MG).
// The edge does not audit the terminal (keepalive_by_edge() is false): edge_keepalive is empty.
#include "protocols/dialogue/h248_binding.hpp"

#include "protocols/dialogue/h248_util.hpp"
#include "protocols/h248/builders.hpp"
#include "protocols/h248/xsec.hpp"

namespace ngn::dialogue {

using namespace h248_util;
namespace x = h248::xsec;

namespace {

/// The single command of the request an inbound holds, if it is of type Command; and its
/// transaction id.
template <class Command>
const Command* request_command(const inbound& in, std::uint32_t& tid) {
  if (in.c.is_response) return nullptr;
  const auto* m = std::get_if<h248::message>(&in.original);
  if (m == nullptr) return nullptr;
  const auto* rq = request_of(*m);
  const auto* cmd = rq != nullptr ? command_of(*rq) : nullptr;
  if (cmd == nullptr) return nullptr;
  tid = rq->transaction_id;
  return std::get_if<Command>(cmd);
}

/// The message of one transaction reply `reply` to `tid`, from `local`.
std::string reply(address local, std::uint32_t tid, h248::command_reply r) {
  return encode_or_empty(h248::make_reply(element_mid(local), tid, std::move(r)));
}

} // namespace

std::string h248_binding::keepalive(const terminal_view& t) const {
  // H.248.14: the MG reports the inactivity timeout of its termination; here it is the
  // terminal's periodic proof of life, protected by the registration's SAs.
  const std::string mid = termination_of(t.identity);
  h248::observed_event ito;
  ito.pkgd_name = std::string(h248::inactivity::timeout);
  return encode_or_empty(h248::make_request(
    mid, life_tid(t.sequence), h248::make_notify(mid, request_id_of(t.session_id), {std::move(ito)})));
}

std::string h248_binding::deregistration(const terminal_view& t) const {
  // H.248.1 §7.2.8.1.1: Forced = abrupt removal of the termination(s) from service; §7.2.8.1.5
  // reason 905. Method and Reason are REQUIRED, Reason quoted (Annex B).
  const std::string mid = termination_of(t.identity);
  h248::service_change_parm p;
  p.method = h248::service_change_method::forced;
  p.reason = std::string(h248::reason::out_of_service);
  if (mid != t.identity)
    p.extensions.push_back(
      h248::make_parameter(std::string(x::uid_extension), std::string(t.identity)));
  return encode_or_empty(h248::make_request(
    mid, life_tid(t.sequence),
    h248::make_service_change(std::string(h248::root_termination_id), std::move(p))));
}

std::string h248_binding::edge_keepalive(const edge_keepalive_fields&) const { return {}; }

std::string h248_binding::answer_keepalive(const inbound& keepalive,
                                           const keepalive_fields& f) const {
  if (keepalive.c.kind != step::keepalive) return {};
  std::uint32_t tid = 0;
  const auto* n = request_command<h248::notify_request>(keepalive, tid);
  if (n == nullptr) return {};
  return reply(f.local, tid, h248::make_notify_reply(n->termination_id));
}

std::string h248_binding::answer_deregistration(const inbound& deregistration,
                                                const answer_fields& f) const {
  if (deregistration.c.kind != step::deregistration) return {};
  std::uint32_t tid = 0;
  const auto* sc = request_command<h248::service_change_request>(deregistration, tid);
  if (sc == nullptr) return {};
  return reply(f.local, tid,
               h248::make_service_change_reply(sc->termination_id, h248::service_change_res_parm{}));
}

} // namespace ngn::dialogue
