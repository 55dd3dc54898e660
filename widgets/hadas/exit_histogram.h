#pragma once

#include "search/hadas/hadas_records.h"

#include <QImage>
#include <QStringList>
#include <QWidget>

#include <memory>

namespace edgenas::widgets {

/// Where the validation samples of a HADAS dynamic model leave: one bar per chosen exit and one
/// for the final head, each labelled with its share. Under the oracle rule the title says the
/// shares are those of an upper bound, not deployable. A record whose rates do not match its
/// exits shows a message naming the problem instead.
class ExitHistogram : public QWidget {
    Q_OBJECT
public:
    explicit ExitHistogram(QWidget* parent = nullptr);
    ~ExitHistogram() override;

    void setModel(const search::HadasDynamicRecord& dynamic);
    void clearView(const QString& message = {});

    int barCount() const;
    /// Share of samples (0..1) of bar `index` (chosen exits first, the final head last).
    double barValue(int index) const;
    /// The bars' axis labels ("b5", ..., "final").
    QStringList barLabels() const;
    QString titleText() const;
    QString errorText() const;
    QImage renderImage(QSize size) const;

public slots:
    void replotNow();

protected:
    void changeEvent(QEvent* event) override;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace edgenas::widgets
