// How an event crosses hosts on a NATS edge: the fixed-layout struct as it is (its header's
// `size` is the version: older, shorter structs travel and are read as they are), preceded
// by the symbols of the instruments it names. Instrument ids are host-local (interned in
// each host's InstrumentTable), so the sender writes each id's symbol and the receiver
// writes its own id for that symbol back into the struct.
//
// Layout (little-endian, the byte order of every host tradehost builds for):
//   u32 magic 'THN1' | u16 symbol count | count x (u16 length, bytes) | event (hdr.size bytes)
#pragma once

#include "common/instruments.hpp"

#include <tradehost/plugin.h>

#include <cstddef>
#include <string>
#include <vector>

namespace tradehost::nats {

/// Byte offsets of the th_instrument ids `ev` carries (0, 1 or many: a news item's list,
/// a features batch's rows), each inside ev.size.
std::vector<size_t> instrument_slots(const th_event_header& ev);

/// Append the wire form of `ev` to `out` (cleared first). Ids with no symbol (0, unknown)
/// travel as "" and arrive as 0.
void encode(const th_event_header& ev, const InstrumentTable& instruments, std::vector<unsigned char>& out);

/// Decode `data` into `event` (an aligned buffer the event is copied to) and re-intern its
/// instruments in `instruments`. False and `why` when the message is not a well-formed
/// event; nothing reaches a plugin then.
bool decode(const void* data, size_t len, InstrumentTable& instruments, std::vector<unsigned char>& event,
            std::string& why);

}  // namespace tradehost::nats
