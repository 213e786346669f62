// --js-library (bindings/CMakeLists.txt): parts of Embind's JS runtime this
// package never uses, replaced by nothing (or by the one line it needs), so
// Closure drops them from the glue. Each is measured in docs/benchmarks.md
// section 1.
//
// Embind registers every builtin C++ type at startup, including
// std::wstring / std::u16string / std::u32string and the typed-array memory
// views, whose JS converters (UTF-16 and UTF-32 codecs among them) then stay
// in the glue. The bindings pass none of them (bindings.cpp: val,
// std::string, double, bool, the feed's handle), so here those two
// registrations do nothing: 0.5 KB less gzip. A binding that starts to pass
// one of those types gets Embind's "unbound type" error at its first call,
// not a wrong value.
//
// Module.count_emval_handles / get_first_emval are Embind's debugging aids
// for leaks of val handles; nothing calls them.
//
// The global object: Embind finds it with a fallback dance for engines
// without `globalThis`; every browser with module workers, and Node 20, has it.
mergeInto(LibraryManager.library, {
  _embind_register_std_wstring: function(rawType, charSize, name) {},
  _embind_register_memory_view: function(rawType, dataTypeIndex, name) {},
  $init_emval__deps: [],
  $init_emval: function() {},
  $emval_get_global: function() {
    return globalThis;
  },
});
