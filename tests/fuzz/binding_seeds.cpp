// Writes the seed corpus of binding_fuzz.cpp (tests/fuzz/corpus/binding/); not part of any build
// step, run by hand when the bindings change what they produce:
//   cmake --build build --target binding_seeds
//   c=tests/fuzz/corpus
//   build/tests/fuzz/binding_seeds $c/binding sip=$c/sip mgcp=$c/mgcp h248=$c/h248 h323=$c/ras
// Each NAME=DIR copies the codec corpus DIR, prefixed with the byte that selects protocol NAME.
// Then, for every protocol, it starts from the binding's own registration requests and runs the
// harness on them and on everything the harness made the binding produce (binding_output_sink),
// breadth first, a few rounds deep: challenges, registration messages, successes, rejections,
// refusals, relays, acks and error answers, each written once, prefixed like the others.
#include "tests/fuzz/binding_fuzz.hpp"

#include "protocols/dialogue/binding.hpp"
#include "tests/common/test_bindings.hpp"

#include <cstdint>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;
using namespace ngn::dialogue;

constexpr std::size_t max_rounds = 3;
constexpr std::size_t max_per_protocol = 80;

std::vector<std::string> produced;

void collect(ngn::protocol, std::string_view out) { produced.emplace_back(out); }

std::string with_byte(ngn::protocol p, std::string_view wire) {
  std::string in(1, static_cast<char>(ngn::fuzz::byte_of_protocol(p)));
  in.append(wire);
  return in;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325u;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3u;
  return h;
}

/// "challenge", "reg_message", ... or "undecodable".
std::string kind_name(ngn::protocol p, std::string_view wire) {
  auto in = ngn::test::binding_for(p).decode(wire);
  if (!in) return "undecodable";
  switch (in->c.kind) {
    case step::reg_request: return "reg_request";
    case step::challenge: return "challenge";
    case step::reg_message: return "reg_message";
    case step::success: return "success";
    case step::rejection: return "rejection";
    case step::refusal: return "refusal";
    case step::ack: return "ack";
  }
  return "other";
}

void write(const fs::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::size_t copy_corpus(const fs::path& out, ngn::protocol p, const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    write(out / (std::string(to_string(p)) + "-corpus-" + e.path().filename().string()),
          with_byte(p, read(e.path())));
    ++n;
  }
  return n;
}

std::size_t generate(const fs::path& out, ngn::protocol p) {
  const binding& b = ngn::test::binding_for(p);
  const ngn::mechanism_list offered{{"aes-gcm", 1000}, {"hmac-sha256", 500}};
  const auto& i = ngn::info(p);
  std::deque<std::pair<std::string, std::size_t>> queue; // message, round
  for (int v = 0; v < 3; ++v) {
    terminal_view t;
    t.identity = v == 2 ? "bob.example@ngn.example" : "alice@ngn.example";
    t.domain = "ngn.example";
    t.local = address{0xc000020a, i.terminal_port};
    t.remote = address{0xc0000214, i.server_port};
    t.serial = 41 + static_cast<std::uint32_t>(v);
    t.offered = v == 1 ? nullptr : &offered;
    t.expires = v == 1 ? 0 : 3600;
    t.now = 1'700'000'000'000'000;
    queue.emplace_back(b.reg_request(t), 0);
  }
  std::set<std::string> seen;
  std::size_t n = 0;
  while (!queue.empty() && n < max_per_protocol) {
    auto [wire, round] = std::move(queue.front());
    queue.pop_front();
    if (wire.empty() || !seen.insert(wire).second) continue;
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a(wire)));
    const std::string input = with_byte(p, wire);
    write(out / (std::string(to_string(p)) + "-" + kind_name(p, wire) + "-" + hash), input);
    ++n;
    produced.clear();
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
    if (round + 1 < max_rounds)
      for (auto& m : produced) queue.emplace_back(std::move(m), round + 1);
  }
  return n;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR [PROTOCOL=CORPUS_DIR]...\n", argv[0]);
    return 2;
  }
  const fs::path out = argv[1];
  fs::create_directories(out);
  for (int a = 2; a < argc; ++a) {
    const std::string arg = argv[a];
    const auto eq = arg.find('=');
    const auto p = ngn::parse_protocol(arg.substr(0, eq));
    if (eq == std::string::npos || !p) {
      std::fprintf(stderr, "%s: expected PROTOCOL=DIR with PROTOCOL one of %s\n", arg.c_str(),
                   ngn::protocol_names().c_str());
      return 2;
    }
    std::printf("%s: %zu seeds from %s\n", std::string(to_string(*p)).c_str(),
                copy_corpus(out, *p, arg.substr(eq + 1)), arg.substr(eq + 1).c_str());
  }
  ngn::fuzz::binding_output_sink = collect;
  for (auto p : ngn::all_protocols)
    std::printf("%s: %zu seeds produced by the binding\n", std::string(to_string(p)).c_str(),
                generate(out, p));
  return 0;
}
