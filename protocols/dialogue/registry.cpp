// binding_for(): the process-wide binding instances, and the injected crypto hooks.
#include "protocols/dialogue/binding.hpp"
#include "protocols/dialogue/h248_binding.hpp"
#include "protocols/dialogue/mgcp_binding.hpp"
#include "protocols/dialogue/ras_binding.hpp"
#include "protocols/dialogue/sip_binding.hpp"

namespace ngn::dialogue {

namespace {

crypto_hooks hooks_;

} // namespace

void install_crypto_hooks(const crypto_hooks& hooks) { hooks_ = hooks; }

const crypto_hooks& installed_crypto_hooks() { return hooks_; }

const binding& binding_for(protocol p) {
  static const sip_binding sip;
  static const mgcp_binding mgcp;
  static const h248_binding h248;
  static const ras_binding ras;
  switch (p) {
    case protocol::sip: return sip;
    case protocol::mgcp: return mgcp;
    case protocol::h248: return h248;
    case protocol::h323: return ras;
  }
  return sip;
}

} // namespace ngn::dialogue
