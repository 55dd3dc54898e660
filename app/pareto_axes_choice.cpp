#include "pareto_axes_choice.h"

#include "objective_naming.h"

#include "search/method_registry.h"
#include "search/run_config.h"

namespace edgenas::app {

ParetoAxes paretoAxesFor(const std::string& method, const std::vector<std::string>& objectives) {
    // A method may prefer a metric for y (HW-EvRSNAS trains only its finalists, so it draws
    // candidates by their similarity to the reference). Two costs and no maximised objective
    // (params against latency): the second cost goes up the y axis, or the plot would wait for
    // an accuracy never computed.
    const search::MethodDescriptor* descriptor = search::MethodRegistry::global().find(method);
    const bool methodPrefersY = descriptor && !descriptor->plotY.empty();
    ParetoAxes axes;
    axes.x = descriptor && !descriptor->plotX.empty() ? QString::fromStdString(descriptor->plotX) : QStringLiteral("params");
    axes.y = methodPrefersY ? QString::fromStdString(descriptor->plotY) : QStringLiteral("accuracy");
    bool haveY = false;
    std::vector<QString> costs;
    for (const std::string& o : objectives) {
        if (search::isMaximised(o)) {
            axes.y = metricOfObjective(o);
            haveY = true;
        } else {
            costs.push_back(metricOfObjective(o));
        }
    }
    if (!costs.empty())
        axes.x = costs.front();
    if (!haveY && !methodPrefersY && costs.size() >= 2)
        axes.y = costs[1];
    if (objectives.size() >= 3)
        for (const std::string& o : objectives)
            if (const QString metric = metricOfObjective(o); axes.colour.isEmpty() && metric != axes.x && metric != axes.y)
                axes.colour = metric;
    return axes;
}

} // namespace edgenas::app
