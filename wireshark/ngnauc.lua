-- ngnauc.lua: Wireshark/tshark (4.0, Lua 5.2) dissector of ngnemu's soft switch <-> AuC leg.
--
--   tshark -X lua_script:wireshark/ngnauc.lua -r run.pcap -Y ngnauc
--   (or copy it to ~/.local/lib/wireshark/plugins/ for Wireshark to load it at start)
--
-- In a `ngnemu run --pcap` trace (nodes/trace_tap.hpp) every AuC message is one UDP datagram on
-- port 7471 whose payload is the 8-byte trace tag "ngnauc\0\2" (layout 2) followed by the message in
-- ngnemu's own binary encoding (protocols/auc/codec.hpp):
--   message = tag (u8) || fields in declaration order (protocols/auc/messages.hpp);
--   integers big-endian (u8/u32/i64); strings: u16 length || bytes, at most 1024 bytes;
--   fixed-size arrays raw, the soft switch's session ids too (16 bytes, layout 2; 32 hex digits
--   in the Info column as on the wire); protocol, status, end_cause and acked as u8; bool as u8 0/1;
--   times: i64 Unix microseconds.
-- The port table and a heuristic on the trace tag both lead here. What the codec would refuse
-- (truncated, a string over 1024 bytes, a bad enumeration value, trailing bytes, an unknown tag)
-- gets the expert info "ngnauc.malformed", never a Lua error.

local ngnauc = Proto("ngnauc", "ngnemu soft switch - AuC protocol")

local AUC_PORT = 7471
local TRACE_TAG = "ngnauc\0\2"
local MAX_STRING = 1024

-- protocols/auc/codec.hpp, the tag table.
local message_types = {
  [1] = "auth_request",
  [2] = "auth_vector",
  [3] = "resync_request",
  [4] = "auth_report",
  [5] = "report_ack",
  [6] = "registration_end",
}
-- protocols/common/protocol.hpp
local protocols = { [0] = "sip", [1] = "mgcp", [2] = "h248", [3] = "h323" }
-- protocols/auc/messages.hpp
local statuses = {
  [0] = "ok",
  [1] = "unknown identity",
  [2] = "unknown element",
  [3] = "resynchronisation failed (AUTS MAC-S)",
  [4] = "AuC unavailable",
  [5] = "unknown session",
  [6] = "SQN space exhausted",
}
local end_causes = { [0] = "expired", [1] = "deregistered", [2] = "superseded" }
local acked = { [0] = "auth_report", [1] = "registration_end" }

local f = {
  trace_tag = ProtoField.bytes("ngnauc.trace_tag", "Trace tag"),
  type = ProtoField.uint8("ngnauc.type", "Message type", base.HEX, message_types),
  session_id = ProtoField.bytes("ngnauc.session_id", "Session id (soft switch)"),
  successor_session = ProtoField.bytes("ngnauc.successor_session",
                                       "Successor's session id (soft switch)"),
  db_id = ProtoField.int64("ngnauc.db_id", "Session row (AuC)", base.DEC),
  successor = ProtoField.int64("ngnauc.successor", "Successor's session row (AuC)", base.DEC),
  identity = ProtoField.string("ngnauc.identity", "Identity"),
  protocol = ProtoField.uint8("ngnauc.protocol", "Protocol", base.DEC, protocols),
  softswitch = ProtoField.string("ngnauc.softswitch", "Soft switch"),
  proxy = ProtoField.string("ngnauc.proxy", "Proxy"),
  terminal_node = ProtoField.string("ngnauc.terminal_node", "Terminal's node"),
  proxy_node = ProtoField.string("ngnauc.proxy_node", "Proxy's node"),
  softswitch_node = ProtoField.string("ngnauc.softswitch_node", "Soft switch's node"),
  status = ProtoField.uint8("ngnauc.status", "Status", base.DEC, statuses),
  rand = ProtoField.bytes("ngnauc.rand", "RAND"),
  autn = ProtoField.bytes("ngnauc.autn", "AUTN"),
  xres = ProtoField.bytes("ngnauc.xres", "XRES"),
  wrapped_t = ProtoField.bytes("ngnauc.wrapped_t", "E_Kc(SK) (for the terminal)"),
  wrapped_edge = ProtoField.bytes("ngnauc.wrapped_edge", "E_Ksp|Kss(SK) (for the security edge)"),
  detail = ProtoField.string("ngnauc.detail", "Detail"),
  auts = ProtoField.bytes("ngnauc.auts", "AUTS"),
  t = ProtoField.absolute_time("ngnauc.t", "Time", base.UTC),
  success = ProtoField.bool("ngnauc.success", "Success"),
  mechanism = ProtoField.string("ngnauc.mechanism", "Mechanism"),
  reason = ProtoField.string("ngnauc.reason", "Reason"),
  t_request = ProtoField.absolute_time("ngnauc.t_request", "Request time", base.UTC),
  t_response = ProtoField.absolute_time("ngnauc.t_response", "Response time", base.UTC),
  t_success = ProtoField.absolute_time("ngnauc.t_success", "Success time", base.UTC),
  what = ProtoField.uint8("ngnauc.acked", "Acknowledged", base.DEC, acked),
  cause = ProtoField.uint8("ngnauc.cause", "End cause", base.DEC, end_causes),
  lifetime = ProtoField.uint32("ngnauc.lifetime", "Lifetime granted (s)", base.DEC),
  protected_sent = ProtoField.int64("ngnauc.protected_sent", "Protected packets sent", base.DEC),
  protected_received = ProtoField.int64("ngnauc.protected_received",
                                        "Protected packets received", base.DEC),
  protected_dropped = ProtoField.int64("ngnauc.protected_dropped",
                                       "Protected packets dropped", base.DEC),
  string_length = ProtoField.uint16("ngnauc.string_length", "Length", base.DEC),
  -- Following one registration (issue 10 item 5, protocols/auc/messages.hpp).
  wire_session = ProtoField.string("ngnauc.wire_session", "Session id as on the wire"),
  response_code = ProtoField.uint16("ngnauc.response_code", "Response code the terminal received",
                                    base.DEC),
  detected_by = ProtoField.string("ngnauc.detected_by", "Failure detected by"),
  reason_code = ProtoField.uint16("ngnauc.reason_code", "Reason code (reasons table)", base.DEC),
}
local field_list = {}
for _, v in pairs(f) do field_list[#field_list + 1] = v end
ngnauc.fields = field_list

local ex_malformed = ProtoExpert.new("ngnauc.malformed", "Malformed ngnauc message",
                                     expert.group.MALFORMED, expert.severity.ERROR)
ngnauc.experts = { ex_malformed }

-- Each message's fields in wire order (protocols/auc/codec.cpp `fields`): name and kind.
-- Kinds: u16, u32, i64, str, time (i64 µs), bytesN, and the u8 enumerations proto/status/bool/
-- cause/acked.
local layouts = {
  [1] = { {"session_id", 16}, {"identity", "str"}, {"protocol", "proto"},
          {"softswitch", "str"}, {"proxy", "str"}, {"terminal_node", "str"},
          {"proxy_node", "str"}, {"softswitch_node", "str"}, {"t_request", "time"},
          {"wire_session", "str"} },
  [2] = { {"session_id", 16}, {"db_id", "i64"}, {"status", "status"},
          {"rand", 16}, {"autn", 16}, {"xres", 8}, {"wrapped_t", 24}, {"wrapped_edge", 24},
          {"detail", "str"} },
  [3] = { {"session_id", 16}, {"db_id", "i64"}, {"identity", "str"}, {"rand", 16},
          {"auts", 14}, {"t", "time"} },
  [4] = { {"session_id", 16}, {"db_id", "i64"}, {"identity", "str"}, {"protocol", "proto"},
          {"softswitch", "str"}, {"proxy", "str"}, {"terminal_node", "str"},
          {"proxy_node", "str"}, {"softswitch_node", "str"}, {"success", "bool"},
          {"mechanism", "str"}, {"reason", "str"}, {"t_request", "time"},
          {"t_response", "time"}, {"t_success", "time"}, {"wire_session", "str"},
          {"response_code", "u16"}, {"detected_by", "str"}, {"reason_code", "u16"} },
  [5] = { {"db_id", "i64"}, {"what", "acked"} },
  [6] = { {"session_id", 16}, {"successor_session", 16}, {"db_id", "i64"},
          {"successor", "i64"}, {"identity", "str"}, {"softswitch", "str"},
          {"cause", "cause"}, {"lifetime", "u32"}, {"protected_sent", "i64"},
          {"protected_received", "i64"}, {"protected_dropped", "i64"}, {"t_end", "time"} },
}
-- registration_end's time is t_end; it shares the generic "ngnauc.t" field.
local field_alias = { t_end = "t" }
-- The largest value of each u8 enumeration (codec.cpp's reader).
local enum_last = { proto = 3, status = 6, bool = 1, cause = 2, acked = 1 }

local function malformed(tree, why)
  tree:add_proto_expert_info(ex_malformed, "Malformed ngnauc message: " .. why)
end

-- Unix microseconds (Int64) as an NSTime.
local function to_nstime(us)
  local s = us / 1000000
  local rem = us - s * 1000000
  if rem < Int64.new(0) then -- division truncates toward zero: times before 1970
    s = s - 1
    rem = rem + 1000000
  end
  return NSTime.new(s:tonumber(), (rem * 1000):tonumber())
end

-- Dissects the message at `buf(off)` into `tree`; returns the message type's name, a short
-- summary for the Info column, and an error text if the message is malformed.
local function dissect_message(buf, tree, off)
  local len = buf:len()
  if off >= len then return nil, "", "empty message" end
  local type_range = buf(off, 1)
  local tag = type_range:uint()
  tree:add(f.type, type_range)
  off = off + 1
  local layout = layouts[tag]
  if not layout then return nil, "", string.format("unknown message type 0x%02x", tag) end
  local info = {}
  for _, item in ipairs(layout) do
    local name, kind = item[1], item[2]
    local pf = f[field_alias[name] or name]
    local function need(n)
      return len - off >= n
    end
    if kind == "u16" then
      if not need(2) then return message_types[tag], table.concat(info, " "), "truncated in " .. name end
      local r = buf(off, 2)
      tree:add(pf, r)
      if name == "response_code" and r:uint() ~= 0 then info[#info + 1] = "code=" .. r:uint() end
      off = off + 2
    elseif kind == "u32" then
      if not need(4) then return message_types[tag], table.concat(info, " "), "truncated in " .. name end
      local r = buf(off, 4)
      tree:add(pf, r)
      off = off + 4
    elseif kind == "i64" then
      if not need(8) then return message_types[tag], table.concat(info, " "), "truncated in " .. name end
      local r = buf(off, 8)
      tree:add(pf, r)
      if name == "db_id" then info[#info + 1] = "row=" .. tostring(r:int64()) end
      off = off + 8
    elseif kind == "time" then
      if not need(8) then return message_types[tag], table.concat(info, " "), "truncated in " .. name end
      local r = buf(off, 8)
      tree:add(pf, r, to_nstime(r:int64()))
      off = off + 8
    elseif kind == "str" then
      if not need(2) then return message_types[tag], table.concat(info, " "), "truncated in " .. name .. "'s length" end
      local n = buf(off, 2):uint()
      if n > MAX_STRING then
        tree:add(f.string_length, buf(off, 2))
        return message_types[tag], table.concat(info, " "),
               string.format("%s is %d bytes, over %d", name, n, MAX_STRING)
      end
      if not need(2 + n) then
        tree:add(f.string_length, buf(off, 2))
        return message_types[tag], table.concat(info, " "), "truncated in " .. name
      end
      local value = n > 0 and buf(off + 2, n):string() or ""
      local item_tree = tree:add(pf, buf(off, 2 + n), value)
      item_tree:add(f.string_length, buf(off, 2))
      if name == "identity" or name == "reason" or name == "mechanism" then
        if n > 0 then info[#info + 1] = value end
      end
      off = off + 2 + n
    elseif type(kind) == "number" then
      if not need(kind) then return message_types[tag], table.concat(info, " "), "truncated in " .. name end
      tree:add(pf, buf(off, kind))
      if name == "session_id" then info[#info + 1] = "session=" .. buf(off, kind):bytes():tohex(true) end
      off = off + kind
    else -- a u8 enumeration or bool
      if not need(1) then return message_types[tag], table.concat(info, " "), "truncated in " .. name end
      local r = buf(off, 1)
      local v = r:uint()
      if v > enum_last[kind] then
        tree:add(pf, r, kind == "bool" and true or v)
        return message_types[tag], table.concat(info, " "),
               string.format("%s has no value %d", name, v)
      end
      if kind == "bool" then
        tree:add(pf, r, v == 1)
        info[#info + 1] = v == 1 and "success" or "failure"
      else
        tree:add(pf, r)
        if kind == "status" and v ~= 0 then info[#info + 1] = statuses[v] end
        if kind == "cause" then info[#info + 1] = end_causes[v] end
      end
      off = off + 1
    end
  end
  if off < len then
    return message_types[tag], table.concat(info, " "),
           string.format("%d trailing bytes", len - off)
  end
  return message_types[tag], table.concat(info, " "), nil
end

local function has_tag(buf)
  return buf:len() >= #TRACE_TAG and buf(0, #TRACE_TAG):string() == TRACE_TAG
end

function ngnauc.dissector(buf, pinfo, tree)
  if not has_tag(buf) then return 0 end
  pinfo.cols.protocol = "NGNAUC"
  local subtree = tree:add(ngnauc, buf(), "ngnemu soft switch - AuC protocol")
  subtree:add(f.trace_tag, buf(0, #TRACE_TAG))
  local ok, name, info, err = pcall(dissect_message, buf, subtree, #TRACE_TAG)
  if not ok then -- a bug of this file: still reported as an expert info, not a Lua error
    err = "dissector error: " .. tostring(name)
    name, info = nil, ""
  end
  local text = name or "unknown"
  if info ~= nil and info ~= "" then text = text .. " " .. info end
  if err then
    malformed(subtree, err)
    text = text .. " [malformed: " .. err .. "]"
  end
  pinfo.cols.info = text
  subtree:append_text(", " .. (name or "unknown"))
  return buf:len()
end

local function heuristic(buf, pinfo, tree)
  if not has_tag(buf) then return false end
  ngnauc.dissector(buf, pinfo, tree)
  return true
end

DissectorTable.get("udp.port"):add(AUC_PORT, ngnauc)
ngnauc:register_heuristic("udp", heuristic)
