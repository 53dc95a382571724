// binding_for(): the process-wide binding instances, and the injected crypto hooks.
#include "protocols/dialogue/binding.hpp"
#include "protocols/dialogue/sip_binding.hpp"

namespace ngn::dialogue {

namespace {

crypto_hooks hooks_;

} // namespace

void install_crypto_hooks(const crypto_hooks& hooks) { hooks_ = hooks; }

const crypto_hooks& installed_crypto_hooks() { return hooks_; }

const binding& binding_for(protocol p) {
  static const sip_binding sip;
  switch (p) {
    case protocol::sip: return sip;
    default: return sip; // replaced as the other bindings land
  }
}

} // namespace ngn::dialogue
