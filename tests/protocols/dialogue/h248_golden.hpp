// Golden messages of the H.248 binding (protocols/dialogue/h248_binding.hpp) for a fixed
// terminal (t1@ngn.example, serial 17, 10.1.0.1:2944), soft switch (10.0.0.1:2944), session 1234,
// RAND = 00..0f, AUTN = 10..1f, RES = 20..27, E_Kc(SK) = 30..47, E_Ksp(SK) = 50..67. Each was
// checked against tshark 4.0 (h248_binding_test.cpp writes them into a pcap).
#pragma once

#include <string>
#include <string_view>

namespace ngn::dialogue::h248_golden {

/// LF line ends to CRLF (the texts below are written with LF for readability).
inline std::string crlf(std::string_view lf) {
  std::string out;
  for (char c : lf) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// (1) registration request, T -> SS: ServiceChange on ROOT (H.248.1 §11.2), the identity as mId,
// the requested lifetime as the extension X-LT (Annex B extensionParameter; no SPI: not carried)
inline const std::string reg_request = crlf(R"(MEGACO/1 t1@ngn.example
Transaction = 35 {
  Context = - {
    ServiceChange = ROOT {
      Services {
        Method = Restart,
        Reason = "901 Cold Boot",
        ServiceChangeAddress = 2944,
        Profile = ResGW/1,
        X-SECM = "aes-gcm;q=0.9 hmac-sha256;q=0.5",
        X-LT = 3600
      }
    }
  }
}
)");

// (2) the Reply closing (1) and the challenge Modify (transaction 2·1234 + 1), SS -> T
inline const std::string challenge = crlf(R"(MEGACO/1 [10.0.0.1]:2944
Reply = 35 {
  Context = - {
    ServiceChange = ROOT {
      Services {
        Version = 1
      }
    }
  }
}
Transaction = 2469 {
  Context = - {
    Modify = t1@ngn.example {
      Events = 1234 {
        xsec/resp
      },
      Signals {
        xsec/chal {
          result = 401,
          uid = t1@ngn.example,
          sid = 000004d2a1b2c3d4e5f60718293a4b5c,
          rand = 000102030405060708090a0b0c0d0e0f,
          autn = 101112131415161718191a1b1c1d1e1f,
          secs = "aes-gcm;q=0.9 hmac-sha256;q=0.5",
          mech = aes-gcm
        }
      }
    }
  }
}
)");

// (2') the terminal's Reply to the challenge Modify
inline const std::string challenge_ack = crlf(R"(MEGACO/1 t1@ngn.example
Reply = 2469 {
  Context = - {
    Modify = t1@ngn.example
  }
}
)");

// (3) registration message, T -> SS: Notify with RES, the RAND it answers, both mechanism lists
inline const std::string reg_message = crlf(R"(MEGACO/1 t1@ngn.example
Transaction = 1399032638 {
  Context = - {
    Notify = t1@ngn.example {
      ObservedEvents = 1234 {
        xsec/resp {
          uid = t1@ngn.example,
          sid = 000004d2a1b2c3d4e5f60718293a4b5c,
          vw = 2021222324252627,
          rand = 000102030405060708090a0b0c0d0e0f,
          secm = "aes-gcm;q=0.9 hmac-sha256;q=0.5",
          secv = "aes-gcm;q=0.9 hmac-sha256;q=0.5",
          lt = 3600
        }
      }
    }
  }
}
)");

// (4) the Reply closing (3) and the key Modify (transaction 2·1234 + 2), SS -> SP (with pkey)
inline const std::string success = crlf(R"(MEGACO/1 [10.0.0.1]:2944
Reply = 1399032638 {
  Context = - {
    Notify = t1@ngn.example
  }
}
Transaction = 2470 {
  Context = - {
    Modify = t1@ngn.example {
      Signals {
        xsec/key {
          result = 200,
          uid = t1@ngn.example,
          sid = 000004d2a1b2c3d4e5f60718293a4b5c,
          ekey = 303132333435363738393a3b3c3d3e3f4041424344454647,
          pkey = 505152535455565758595a5b5c5d5e5f6061626364656667,
          lt = 3600,
          mech = aes-gcm
        }
      }
    }
  }
}
)");

// (4') the terminal's Reply accepting the key
inline const std::string success_ack = crlf(R"(MEGACO/1 t1@ngn.example
Reply = 2470 {
  Context = - {
    Modify = t1@ngn.example
  }
}
)");

// (4'') the terminal refuses the key: Error 402 with the reason, RES and RAND as proof
inline const std::string refusal = crlf(R"(MEGACO/1 t1@ngn.example
Reply = 2470 {
  Context = - {
    Modify = t1@ngn.example {
      Error = 402 {
        "message verification word mismatch: tampering or bidding-down"
      },
      ObservedEvents = 1234 {
        xsec/resp {
          uid = t1@ngn.example,
          sid = 000004d2a1b2c3d4e5f60718293a4b5c,
          vw = 2021222324252627,
          rand = 000102030405060708090a0b0c0d0e0f
        }
      }
    }
  }
}
)");

// (5) rejection of (3): the Notify reply with Error 402
inline const std::string rejection = crlf(R"(MEGACO/1 [10.0.0.1]:2944
Reply = 1399032638 {
  Context = - {
    Notify = t1@ngn.example {
      Error = 402 {
        "verification words differ"
      }
    }
  }
}
)");

// (3r) resynchronisation: Notify with AUTS (TS 33.102 §6.3.5)
inline const std::string resync = crlf(R"(MEGACO/1 t1@ngn.example
Transaction = 1399032638 {
  Context = - {
    Notify = t1@ngn.example {
      ObservedEvents = 1234 {
        xsec/resp {
          uid = t1@ngn.example,
          sid = 000004d2a1b2c3d4e5f60718293a4b5c,
          auts = 909192939495969798999a9b9c9d,
          rand = 000102030405060708090a0b0c0d0e0f,
          secm = "aes-gcm;q=0.9 hmac-sha256;q=0.5",
          secv = "aes-gcm;q=0.9 hmac-sha256;q=0.5",
          lt = 3600
        }
      }
    }
  }
}
)");

// (3f) the terminal could not verify AUTN: Notify without a verification word
inline const std::string auth_failure = crlf(R"(MEGACO/1 t1@ngn.example
Transaction = 1399032638 {
  Context = - {
    Notify = t1@ngn.example {
      ObservedEvents = 1234 {
        xsec/resp {
          uid = t1@ngn.example,
          sid = 000004d2a1b2c3d4e5f60718293a4b5c,
          rand = 000102030405060708090a0b0c0d0e0f,
          secm = "aes-gcm;q=0.9 hmac-sha256;q=0.5",
          secv = "aes-gcm;q=0.9 hmac-sha256;q=0.5",
          lt = 3600
        }
      }
    }
  }
}
)");

// (1) for an identity that is not a pathNAME: derived mId, identity in X-UID
inline const std::string odd_reg_request = crlf(R"(MEGACO/1 sub$df04b5dbd2ffc866
Transaction = 35 {
  Context = - {
    ServiceChange = ROOT {
      Services {
        Method = Restart,
        Reason = "901 Cold Boot",
        ServiceChangeAddress = 2944,
        Profile = ResGW/1,
        X-UID = 1.alice+x@ngn.example,
        X-SECM = "aes-gcm;q=0.9 hmac-sha256;q=0.5",
        X-LT = 3600
      }
    }
  }
}
)");

// -- the registration's life (DESIGN.md §1.2; h248_binding_life.cpp) ------------------------------

// (6) keepalive, T -> edge (sequence 7: transaction 2·7 + 2): Notify on the terminal's
// TerminationID with the H.248.14 inactivity timeout it/ito observed (no ObservedEvents
// parameters in H.248.14), RequestID = the session id
inline const std::string keepalive = crlf(R"(MEGACO/1 t1@ngn.example
Transaction = 16 {
  Context = - {
    Notify = t1@ngn.example {
      ObservedEvents = 1234 {
        it/ito
      }
    }
  }
}
)");

// (6') the edge's Reply to (6) (H.248.1 Annex B notifyReply without descriptor)
inline const std::string keepalive_answer = crlf(R"(MEGACO/1 [10.0.0.1]:2944
Reply = 16 {
  Context = - {
    Notify = t1@ngn.example
  }
}
)");

// (7) de-registration, T -> SS (sequence 8: transaction 2·8 + 2): ServiceChange on ROOT, Method
// Forced (H.248.1 §7.2.8.1.1), Reason 905 (§7.2.8.1.5), quoted as Annex B requires
inline const std::string deregistration = crlf(R"(MEGACO/1 t1@ngn.example
Transaction = 18 {
  Context = - {
    ServiceChange = ROOT {
      Services {
        Method = Forced,
        Reason = "905 Termination taken out of service"
      }
    }
  }
}
)");

// (7') the soft switch's Reply to (7) (Annex B serviceChangeReply without descriptor)
inline const std::string deregistered = crlf(R"(MEGACO/1 [10.0.0.1]:2944
Reply = 18 {
  Context = - {
    ServiceChange = ROOT
  }
}
)");

// (1s) registration request with a requested lifetime of 600 s and the terminal's inbound SPI
// 0x1001 = 4097: the ServiceChange extensions X-LT and X-SPIC (Annex B extensionParameter)
inline const std::string spi_reg_request = crlf(R"(MEGACO/1 t1@ngn.example
Transaction = 35 {
  Context = - {
    ServiceChange = ROOT {
      Services {
        Method = Restart,
        Reason = "901 Cold Boot",
        ServiceChangeAddress = 2944,
        Profile = ResGW/1,
        X-SECM = "aes-gcm;q=0.9 hmac-sha256;q=0.5",
        X-LT = 600,
        X-SPIC = 4097
      }
    }
  }
}
)");

} // namespace ngn::dialogue::h248_golden
