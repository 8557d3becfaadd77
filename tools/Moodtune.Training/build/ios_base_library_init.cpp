// GCC 13's libstdc++ (GLIBCXX_3.4.32) initialises the standard streams through this function; TorchSharp's wrapper,
// built with GCC 13, references it. Older libstdc++ (Debian 12 has GCC 12) initialises the streams itself, so an
// empty definition is all the wrapper needs.
namespace std { void ios_base_library_init() {} }
