// `ngnemu vector`: one authentication vector, printed like osmo-auc-gen (for interop debugging).
#include "crypto/aka.hpp"
#include "crypto/milenage.hpp"
#include "nodes/cli.hpp"
#include "protocols/common/hex.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

namespace ngn::nodes {

namespace {

struct vec_args {
  std::string k, op, opc, rand, sqn, amf = "8000";
};

template <std::size_t N>
bool parse_hex(const std::string& text, const char* what, block<N>& out) {
  if (!from_hex(text, out.data(), N)) {
    std::fprintf(stderr, "ngnemu vector: --%s must be %zu hex digits\n", what, 2 * N);
    return false;
  }
  return true;
}

int print_vector(const vec_args& a) {
  block<16> k{}, op{}, opc{}, rand{};
  block<6> sqn{};
  block<2> amf{};
  if (!parse_hex(a.k, "k", k) || !parse_hex(a.rand, "rand", rand) || !parse_hex(a.sqn, "sqn", sqn)
      || !parse_hex(a.amf, "amf", amf))
    return 2;
  crypto::key128 key{k};
  if (!a.opc.empty()) {
    if (!parse_hex(a.opc, "opc", opc)) return 2;
  } else {
    if (!parse_hex(a.op, "op", op)) return 2;
    opc = crypto::milenage_opc(key, op);
  }
  crypto::milenage m{key, opc};
  const auto sqn_v = crypto::sqn_from_bytes(sqn);
  auto av = crypto::make_auth_vector(m, rand, sqn_v, amf);
  auto f1 = m.f1(rand, sqn, amf);
  auto out = m.f2345(rand);
  auto ak_s = m.f5star(rand);
  std::printf("OPC:\t%s\n", to_hex(opc).c_str());
  std::printf("RAND:\t%s\n", to_hex(rand).c_str());
  std::printf("AUTN:\t%s\n", to_hex(av.autn).c_str());
  std::printf("IK:\t%s\n", to_hex(out.ik.raw()).c_str());
  std::printf("CK:\t%s\n", to_hex(out.ck.raw()).c_str());
  std::printf("RES:\t%s\n", to_hex(out.res).c_str());
  std::printf("XRES:\t%s\n", to_hex(av.xres).c_str());
  std::printf("AK:\t%s\n", to_hex(out.ak).c_str());
  std::printf("MAC-A:\t%s\n", to_hex(f1.mac_a).c_str());
  std::printf("MAC-S:\t%s\n", to_hex(f1.mac_s).c_str());
  std::printf("AK*:\t%s\n", to_hex(ak_s).c_str());
  std::printf("SQN:\t%llu\n", static_cast<unsigned long long>(sqn_v));
  return 0;
}

} // namespace

void add_vector_command(CLI::App& app, std::function<int()>& action) {
  auto a = std::make_shared<vec_args>();
  auto* cmd = app.add_subcommand(
    "vector", "Print a Milenage authentication vector (TS 35.206 / TS 33.102), like osmo-auc-gen");
  cmd->add_option("--k", a->k, "K, 32 hex digits")->required();
  auto* op = cmd->add_option("--op", a->op, "OP, 32 hex digits");
  auto* opc = cmd->add_option("--opc", a->opc, "OPc, 32 hex digits");
  op->excludes(opc);
  cmd->add_option("--rand", a->rand, "RAND, 32 hex digits")->required();
  cmd->add_option("--sqn", a->sqn, "SQN, 12 hex digits")->required();
  cmd->add_option("--amf", a->amf, "AMF, 4 hex digits")->capture_default_str();
  cmd->callback([a, op, opc, &action] {
    action = [a, op, opc] {
      if (op->count() == 0 && opc->count() == 0) {
        std::fprintf(stderr, "ngnemu vector: one of --op or --opc is required\n");
        return 2;
      }
      return print_vector(*a);
    };
  });
}

} // namespace ngn::nodes
