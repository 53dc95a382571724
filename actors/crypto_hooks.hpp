// Wires crypto/ into the protocol bindings (protocols/ may not use OpenSSL itself).
#pragma once

namespace ngn::actors {

/// Installs MD5 and constant-time comparison from crypto/ as the bindings' crypto hooks.
/// Idempotent; call once at start-up before any binding is used.
void install_crypto_hooks();

} // namespace ngn::actors
