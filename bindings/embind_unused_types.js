// --js-library (bindings/CMakeLists.txt): Embind registers every builtin C++
// type at startup, including std::wstring / std::u16string / std::u32string
// and the typed-array memory views, whose JS converters (UTF-16 and UTF-32
// codecs among them) then stay in the glue. The bindings pass none of them
// (bindings.cpp: val, std::string, double, bool), so here those two
// registrations do nothing and Closure drops the converters: 0.5 KB less
// gzip. A binding that starts to pass one of those types gets Embind's
// "unbound type" error at its first call, not a wrong value.
mergeInto(LibraryManager.library, {
  _embind_register_std_wstring: function(rawType, charSize, name) {},
  _embind_register_memory_view: function(rawType, dataTypeIndex, name) {},
});
