// NSGA-II is what a new run searches with unless it names another method. Kept in this folder so
// that no shared code names a method (search/run_config.h declares it).
namespace edgenas::search {

extern const char* const kDefaultMethodName;
const char* const kDefaultMethodName = "nsga2";

} // namespace edgenas::search
