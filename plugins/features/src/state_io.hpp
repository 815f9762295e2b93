// One description of an indicator's state serves both directions of a hot-reload snapshot:
// each class lists its fields once in io(), and the archive either writes them (exact hex
// floats) or reads them back in the same order.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace tradehost::features {

class StateIo {
public:
    /// Writing into `out`.
    explicit StateIo(std::string& out) : out_(&out) {}
    /// Reading from `in`, starting at `pos`.
    StateIo(const std::string& in, size_t pos) : in_(&in), pos_(pos) {}

    void num(double& v);
    void num(uint64_t& v);
    void num(int64_t& v);
    void num(bool& v);
    void num(size_t& v, size_t expect);  ///< a size that must equal `expect` when read (a window length)
    void vec(std::vector<double>& v);
    void vec(std::vector<uint64_t>& v);
    size_t pos() const { return pos_; }

private:
    std::string token();
    std::string* out_ = nullptr;
    const std::string* in_ = nullptr;
    size_t pos_ = 0;
};

}  // namespace tradehost::features
