#pragma once

#include <QImage>
#include <QPoint>
#include <QString>
#include <QWidget>

#include <memory>
#include <vector>

namespace edgenas::widgets {

/// One dynamic model of a backbone's inner search, as the inner-front plot shows it.
struct InnerFrontPoint {
    QString identity;         ///< core::Candidate::hash
    double errorPercent = 0.0;
    double energyMj = 0.0;
    QString details;          ///< tooltip
};

/// A backbone's inner front: error against energy per inference of its dynamic models, every
/// model a faint point, the non-dominated ones (of the two plotted objectives) joined and
/// filled, the chosen one ringed. Clicking a point reports its identity.
class InnerFrontPlot : public QWidget {
    Q_OBJECT
public:
    explicit InnerFrontPlot(QWidget* parent = nullptr);
    ~InnerFrontPlot() override;

    /// `title` says what the axes' figures are (e.g. which cost source, which rule).
    void setPoints(std::vector<InnerFrontPoint> points, const QString& title, const QString& energyLabel,
                   const QString& errorLabel);
    void clearView(const QString& title = {});
    /// Rings this model (no signal); an unknown identity rings none.
    void setSelectedIdentity(const QString& identity);

    int pointCount() const;
    int frontCount() const;
    bool isOnFront(const QString& identity) const;
    QString selectedIdentity() const;
    QString titleText() const;
    /// Where a point is drawn, in the coordinates of canvas() (tests click there).
    QPoint pointPosition(const QString& identity) const;
    QWidget* canvas() const;
    QImage renderImage(QSize size) const;

signals:
    void pointClicked(const QString& identity);

public slots:
    void replotNow();

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace edgenas::widgets
