// Golden H.248 text messages: reference/wire-bindings.md §4.1 (checked there against tshark
// 4.0.17, with their byte counts), plus the pretty form of its one-line Error 402 reply. Each comes
// with the model it must parse to, built with the public builders.
#pragma once

#include "protocols/h248/builders.hpp"
#include "protocols/h248/message.hpp"
#include "protocols/h248/xsec.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ngn::h248::golden {

/// LF line ends to CRLF (the golden texts below are written with LF for readability).
inline std::string crlf(std::string_view lf) {
  std::string out;
  for (char c : lf) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

inline const std::string mg = "[192.0.2.10]:2944";
inline const std::string mgc = "[192.0.2.1]:2944";

// (1) ServiceChange, MG -> MGC (308 bytes)
inline const std::string service_change = crlf(R"(MEGACO/1 [192.0.2.10]:2944
Transaction = 1001 {
  Context = - {
    ServiceChange = ROOT {
      Services {
        Method = Restart,
        Reason = "901 Cold Boot",
        ServiceChangeAddress = 2944,
        Profile = ResGW/1,
        X-SECM = "digest;q=0.3 tls;q=0.2"
      }
    }
  }
}
)");

// (1') its reply, MGC -> MG (217 bytes)
inline const std::string service_change_reply = crlf(R"(MEGACO/1 [192.0.2.1]:2944
Reply = 1001 {
  Context = - {
    ServiceChange = ROOT {
      Services {
        ServiceChangeAddress = 2944,
        Profile = ResGW/1,
        Version = 1
      }
    }
  }
}
)");

// (2) Modify with the challenge, MGC -> MG (315 bytes)
inline const std::string modify_challenge = crlf(R"(MEGACO/1 [192.0.2.1]:2944
Transaction = 2001 {
  Context = - {
    Modify = A4444 {
      Events = 2222 {
        xsec/resp
      },
      Signals {
        xsec/chal {
          result = 401,
          rand = 8f3c1a9d2b7e4f60a1c5d9e8b7a6f5e4,
          mech = digest
        }
      }
    }
  }
}
)");

// (2') its reply (89 bytes)
inline const std::string modify_challenge_reply = crlf(R"(MEGACO/1 [192.0.2.10]:2944
Reply = 2001 {
  Context = - {
    Modify = A4444
  }
}
)");

// (3) Notify with the verification word, MG -> MGC (243 bytes)
inline const std::string notify = crlf(R"(MEGACO/1 [192.0.2.10]:2944
Transaction = 1002 {
  Context = - {
    Notify = A4444 {
      ObservedEvents = 2222 {
        20101113T23290000:xsec/resp {
          vw = 13f913040dca2c9afafa2c7437b68a77
        }
      }
    }
  }
}
)");

// (3') its reply (88 bytes)
inline const std::string notify_reply = crlf(R"(MEGACO/1 [192.0.2.1]:2944
Reply = 1002 {
  Context = - {
    Notify = A4444
  }
}
)");

// (4) Modify with the encrypted key and MAC, MGC -> MG (287 bytes)
inline const std::string modify_key = crlf(R"(MEGACO/1 [192.0.2.1]:2944
Transaction = 2002 {
  Context = - {
    Modify = A4444 {
      Signals {
        xsec/key {
          result = 200,
          ekey = 3a91c2d4e5f60718293a4b5c6d7e8f90,
          mac = 2b7e151628aed2a6abf7158809cf4f3c
        }
      }
    }
  }
}
)");

// (4') its reply (89 bytes)
inline const std::string modify_key_reply = crlf(R"(MEGACO/1 [192.0.2.10]:2944
Reply = 2002 {
  Context = - {
    Modify = A4444
  }
}
)");

// The negative answer of §4.1, as given there (one line, no header) ...
inline constexpr std::string_view error_reply_line =
  R"(Reply = 2003 { Context = - { Modify = A4444 { Error = 402 { "Unauthorized" } } } })";
// ... and in the encoder's pretty form, with the MG's header.
inline const std::string error_reply = crlf(R"(MEGACO/1 [192.0.2.10]:2944
Reply = 2003 {
  Context = - {
    Modify = A4444 {
      Error = 402 {
        "Unauthorized"
      }
    }
  }
}
)");

// -- models --------------------------------------------------------------------------------------

inline bytes hex(std::string_view h) { return *from_hex(h); }

inline message service_change_model() {
  service_change_parm p = make_restart(std::string(reason::cold_boot));
  p.address = "2944";
  p.profile = service_change_profile{"ResGW", 1};
  xsec::set_secm(p, {{"digest", 300}, {"tls", 200}});
  return make_request(mg, 1001, make_service_change(std::string(root_termination_id), p));
}

inline message service_change_reply_model() {
  service_change_res_parm r;
  r.address = "2944";
  r.profile = service_change_profile{"ResGW", 1};
  r.version = 1;
  return make_reply(mgc, 1001, make_service_change_reply(std::string(root_termination_id), r));
}

inline message modify_challenge_model() {
  xsec::challenge c;
  c.result = 401;
  c.rand = hex("8f3c1a9d2b7e4f60a1c5d9e8b7a6f5e4");
  c.mech = "digest";
  return make_request(mgc, 2001,
                      make_modify("A4444", make_events(2222, {xsec::make_resp_request()}),
                                  make_signals({xsec::make_chal(c)})));
}

inline message modify_challenge_reply_model() {
  return make_reply(mg, 2001, make_modify_reply("A4444"));
}

inline message notify_model() {
  xsec::response r;
  r.vw = hex("13f913040dca2c9afafa2c7437b68a77");
  return make_request(
    mg, 1002,
    make_notify("A4444", 2222, {xsec::make_resp(r, make_time_notation("20101113T23290000"))}));
}

inline message notify_reply_model() { return make_reply(mgc, 1002, make_notify_reply("A4444")); }

inline message modify_key_model() {
  xsec::key_delivery k;
  k.result = 200;
  k.ekey = hex("3a91c2d4e5f60718293a4b5c6d7e8f90");
  k.mac = hex("2b7e151628aed2a6abf7158809cf4f3c");
  return make_request(mgc, 2002,
                      make_modify("A4444", std::nullopt, make_signals({xsec::make_key(k)})));
}

inline message modify_key_reply_model() {
  return make_reply(mg, 2002, make_modify_reply("A4444"));
}

inline message error_reply_model() {
  return make_reply(mg, 2003,
                    make_modify_reply("A4444", error_descriptor{error_code::unauthorized,
                                                                "Unauthorized"}));
}

/// One golden sample: name, pretty text, expected byte count (0 = not given by the reference),
/// model.
struct sample {
  const char* name;
  const std::string* text;
  std::size_t size;
  message (*model)();
};

inline const std::vector<sample>& all() {
  static const std::vector<sample> v{
    {"service_change", &service_change, 308, &service_change_model},
    {"service_change_reply", &service_change_reply, 217, &service_change_reply_model},
    {"modify_challenge", &modify_challenge, 315, &modify_challenge_model},
    {"modify_challenge_reply", &modify_challenge_reply, 89, &modify_challenge_reply_model},
    {"notify", &notify, 243, &notify_model},
    {"notify_reply", &notify_reply, 88, &notify_reply_model},
    {"modify_key", &modify_key, 287, &modify_key_model},
    {"modify_key_reply", &modify_key_reply, 89, &modify_key_reply_model},
    {"error_reply", &error_reply, 0, &error_reply_model},
  };
  return v;
}

} // namespace ngn::h248::golden
