// Shows the HADAS panel with hand-made records (six backbones, three searched, 17 dynamic
// models) and saves a screenshot, for the docs until a real run's is taken:
//   xvfb-run -a -s "-screen 0 1500x950x24" hadas_panel_screenshot out.png [--oracle] [--model ID]
//     [--size WxH] [--report-image view.png]   (also the image the run report shows for the archive's knee)

#include "hadas/hadas_test_candidates.h"

#include "hadas/hadas_panel.h"
#include "hadas/hadas_report_section.h"

#include <QApplication>
#include <QTimer>

#include <iostream>

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::cerr << "usage: hadas_panel_screenshot OUT.png [--oracle] [--model ID]\n";
        return 2;
    }
    const bool oracle = args.contains(QStringLiteral("--oracle"));
    qint64 model = 104;
    if (const int at = int(args.indexOf(QStringLiteral("--model"))); at > 0 && at + 1 < args.size())
        model = args[at + 1].toLongLong();
    if (const int at = int(args.indexOf(QStringLiteral("--report-image"))); at > 0 && at + 1 < args.size()) {
        edgenas::search::RunConfig config;
        config.method = "hadas";
        config.device = "jetson-agx-xavier";
        const auto candidates = edgenas::test::hadas::hadasRunCandidates(oracle ? "oracle" : "threshold");
        std::vector<edgenas::core::ResultRecord> runRecords;
        for (const auto& r : edgenas::test::hadas::innerRunRecords(candidates))
            runRecords.push_back(r.record);
        const auto sections = edgenas::app::hadasReportSections(candidates, edgenas::search::toJson(config), runRecords);
        if (sections.empty() || !sections.front().image.save(args[at + 1])) {
            std::cerr << "hadas_panel_screenshot: could not save the report image\n";
            return 1;
        }
    }
    edgenas::app::HadasPanel panel;
    panel.setWindowTitle(QStringLiteral("Early exits and DVFS (HADAS)"));
    edgenas::search::RunConfig config;
    config.method = "hadas";
    config.device = "jetson-agx-xavier";
    panel.runCleared(config);
    const auto candidates = edgenas::test::hadas::hadasRunCandidates(oracle ? "oracle" : "threshold");
    panel.candidatesAdded(candidates);
    panel.runRecordsAdded(edgenas::test::hadas::innerRunRecords(candidates));
    QSize size(1500, 950);
    if (const int at = int(args.indexOf(QStringLiteral("--size"))); at > 0 && at + 1 < args.size()) {
        const QStringList wh = args[at + 1].split(QLatin1Char('x'));
        if (wh.size() == 2)
            size = QSize(wh[0].toInt(), wh[1].toInt());
    }
    panel.resize(size);
    panel.show();
    if (!panel.showDynamicModel(model)) {
        std::cerr << "hadas_panel_screenshot: no dynamic model " << model << "\n";
        return 1;
    }
    QTimer::singleShot(400, &panel, [&] {
        const bool saved = panel.grab().save(args[1]);
        std::cout << (saved ? "saved " : "could not save ") << args[1].toStdString() << "\n";
        app.exit(saved ? 0 : 1);
    });
    return app.exec();
}
