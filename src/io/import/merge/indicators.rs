//! The indicators pass: each row a guiding indicator with its evidence; the
//! same indicator (and product) twice in the workbook is a conflict.

use super::*;

impl Pass<'_> {
    pub(super) fn indicator_row(
        &mut self,
        r: &mut Row<'_, '_>,
        sheet: &mut SheetReport,
        cells: &[Cell<'_>],
    ) {
        match rows::indicator(r) {
            Some(e) => {
                if self
                    .indicators
                    .iter()
                    .any(|x| x.indicator == e.indicator && x.product == e.product)
                {
                    r.error(
                        Field::Indicator,
                        Some(e.indicator.key().to_string()),
                        Msg::new(
                            format!(
                                "{} is given twice in the workbook — keep one row",
                                e.indicator.label()
                            ),
                            format!(
                                "{} 在工作簿中出现两次——请只保留一行",
                                e.indicator.label_zh()
                            ),
                        ),
                    );
                    self.reject(sheet, r, cells);
                } else {
                    self.indicators.push(e);
                    sheet.accepted += 1;
                }
            }
            None => self.reject(sheet, r, cells),
        }
        let issues = std::mem::take(&mut r.issues);
        self.take_issues(sheet, issues);
    }
}
