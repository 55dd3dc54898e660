#pragma once

#include "search/search_control.h"
#include "search/search_observer.h"

namespace edgenas::search::test {

/// Requests a stop once the given generation is committed: how the resume tests interrupt a run
/// at a known point.
class StopAtGeneration : public SearchObserver {
public:
    StopAtGeneration(SearchControl& control, int generation) : m_control(control), m_generation(generation) {}
    void generationFinished(const GenerationSummary& s) override {
        if (s.generation == m_generation)
            m_control.requestStop();
    }

private:
    SearchControl& m_control;
    int m_generation;
};

} // namespace edgenas::search::test
