// Portable random numbers: SplitMix64 for seeding, xoshiro256** for streams, and a
// Marsaglia polar normal transform. Written out here (not <random> distributions) so a seed
// gives the same sequence with every compiler and standard library.
#pragma once

#include <cstdint>
#include <string_view>

namespace tradehost::synthetic {

/// SplitMix64 (Steele, Lea, Flood 2014); used to expand a 64-bit seed into stream states.
class SplitMix64 {
public:
    explicit SplitMix64(uint64_t seed) : s_(seed) {}
    uint64_t next();

private:
    uint64_t s_;
};

/// xoshiro256** 1.0 (Blackman, Vigna 2018).
class Xoshiro256 {
public:
    Xoshiro256() = default;
    /// State from a seed through SplitMix64, as the authors recommend.
    explicit Xoshiro256(uint64_t seed);
    uint64_t next();
    /// Uniform in [0, 1) with 53 random bits.
    double uniform();
    /// Uniform integer in [0, n), n > 0, without modulo bias.
    uint64_t below(uint64_t n);

    uint64_t s[4] = {0, 0, 0, 0};
};

/// Standard normal deviates by the Marsaglia polar method; needs only log and sqrt.
/// Produces values in pairs; the spare is part of the state (and of snapshots).
class Normal {
public:
    double next(Xoshiro256& rng);

    bool has_spare = false;
    double spare = 0;
};

/// 64-bit FNV-1a of a string; mixes a symbol into its stream seed.
uint64_t fnv1a64(std::string_view s);

}  // namespace tradehost::synthetic
