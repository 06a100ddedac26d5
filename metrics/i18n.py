"""Interface text in Vietnamese (the default) and English: page titles, labels, metric and unit names.

``t(key, language, **values)`` returns the text for a key; an unknown key comes back as itself,
so a missing translation shows up on the page instead of failing.
"""

from __future__ import annotations

import re

__all__ = [
    "DEFAULT_LANGUAGE",
    "MESSAGES",
    "PAGES",
    "t",
    "language_of",
    "metric_label",
    "unit_label",
    "category_label",
    "country_label",
    "event_kind_label",
    "reason_label",
    "access_reason_label",
]

DEFAULT_LANGUAGE = "vi"

# (url path, file under pages/, Vietnamese title, English title), in menu order.
PAGES = [
    ("overview", "overview.py", "Tổng quan", "Overview"),
    ("trends", "trends.py", "Xu hướng", "Trends"),
    ("agencies", "agencies.py", "Cơ quan", "Agencies"),
    ("drugs", "drugs.py", "Ma túy", "Drugs"),
    ("seizures", "seizures.py", "Thu giữ", "Seizures"),
    ("outreach", "outreach.py", "Tuyên truyền & nạn nhân", "Outreach & victims"),
    ("cooperation", "cooperation.py", "Dòng thời gian hợp tác", "Cooperation timeline"),
    ("sources", "sources.py", "Nguồn", "Sources"),
    ("add_report", "add_report.py", "Thêm báo cáo", "Add report"),
    ("methodology", "methodology.py", "Phương pháp", "Methodology"),
    ("export", "export.py", "Xuất dữ liệu", "Export"),
]

MESSAGES: dict[str, tuple[str, str]] = {
    # app and sidebar
    "app_title": ("Số liệu biên giới", "Border metrics"),
    "app_tagline": (
        "Kết quả phòng chống tội phạm biên giới do báo chí Việt Nam/Lào đưa tin, truy được đến từng trích dẫn.",
        "Border-enforcement results reported in the Vietnamese and Lao press, each traceable to its quote.",
    ),
    "filters": ("Bộ lọc", "Filters"),
    "language": ("Ngôn ngữ / Language", "Ngôn ngữ / Language"),
    "period": ("Thời kỳ", "Period"),
    "period_all": ("Toàn bộ", "All"),
    "period_year": ("Năm {year}", "Year {year}"),
    "period_last12": ("12 tháng gần nhất", "Last 12 months"),
    "period_ytd": ("Từ đầu năm đến nay", "Year to date"),
    "period_custom": ("Tùy chọn…", "Custom…"),
    "date_range": ("Từ ngày – đến ngày", "From – to"),
    "country": ("Quốc gia", "Country"),
    "agency": ("Cơ quan (gồm đơn vị trực thuộc)", "Agency (with its sub-units)"),
    "metric": ("Chỉ số", "Metric"),
    "category": ("Loại", "Category"),
    "rule": ("Kỳ báo cáo vượt ra ngoài thời kỳ", "Windows sticking out of the period"),
    "rule_exclude": ("Loại ra (mặc định)", "Leave out (default)"),
    "rule_prorate": ("Chia theo số ngày (ước tính)", "Pro-rate by days (estimate)"),
    "all": ("Tất cả", "All"),
    "reset": ("Xóa bộ lọc", "Clear filters"),
    "link_note": (
        "Bộ lọc nằm trong địa chỉ trang: sao chép liên kết để chia sẻ đúng góc nhìn này.",
        "The filters live in the page address: copy the link to share this exact view.",
    ),
    "ignored_in_link": ("Bỏ qua trong liên kết: {items}", "Ignored in the link: {items}"),
    "bad_date": ("'{value}' không phải ngày (YYYY-MM-DD)", "'{value}' is not a date (YYYY-MM-DD)"),
    "unknown_value": ("{name}={value} không có trong dữ liệu", "{name}={value} is not in the data"),
    "swapped_dates": ("ngày bắt đầu sau ngày kết thúc: đã đổi chỗ", "the start was after the end: swapped"),
    "error_page": (
        "Trang này gặp lỗi khi hiển thị. Hãy thử xóa bộ lọc hoặc tải lại trang; nếu vẫn lỗi, báo cho nhóm dữ liệu (mã: {code}).",
        "This page failed to draw. Try clearing the filters or reloading; if it persists, tell the data team (code: {code}).",
    ),
    "data_error": (
        "Không đọc được dữ liệu: {error}",
        "The data could not be read: {error}",
    ),
    # shared captions
    "n_figures_sources": ("{n} số liệu từ {m} nguồn", "{n} figures from {m} sources"),
    "estimate_note": ("Có giá trị ước tính (đánh dấu *).", "Includes estimates (marked *)."),
    "prorated_note": (
        "{n} số liệu được chia theo số ngày trong thời kỳ (ước tính).",
        "{n} figures pro-rated by their days inside the period (estimate).",
    ),
    "left_out": ("Số liệu bị loại ra ({n})", "Figures left out ({n})"),
    "left_out_help": (
        "Các kỳ báo cáo chồng lấn không bao giờ được cộng dồn; kỳ vượt ra ngoài thời kỳ bị loại ra (hoặc chia theo ngày nếu chọn).",
        "Overlapping reporting windows are never summed; windows sticking out of the period are left out (or pro-rated if chosen).",
    ),
    "empty_title": ("Không có số liệu nào khớp bộ lọc.", "No figures match these filters."),
    "empty_hint": (
        "Thử mở rộng thời kỳ (chọn “Toàn bộ”), bỏ bớt quốc gia/cơ quan/chỉ số, hoặc chọn “chia theo số ngày” cho các kỳ báo cáo dài.",
        "Try a wider period (“All”), fewer country/agency/metric filters, or “pro-rate by days” for long reporting windows.",
    ),
    "empty_left_out": (
        "{n} số liệu khớp bộ lọc nhưng bị loại do quy tắc kỳ báo cáo: xem danh sách bên dưới.",
        "{n} figures match but were left out by the window rules: see the list below.",
    ),
    "provenance": ("Nguồn gốc từng số liệu", "Where each figure comes from"),
    "open_source": ("mở", "open"),
    "open_source_help": ("Mở văn bản nguồn, trích dẫn được tô sáng", "Open the source text with the quote highlighted"),
    # columns
    "col_figure": ("Mã số liệu", "Figure"),
    "col_metric": ("Chỉ số", "Metric"),
    "col_category": ("Loại", "Category"),
    "col_reported": ("Như được đưa tin", "As reported"),
    "col_value": ("Giá trị", "Value"),
    "col_unit": ("Đơn vị", "Unit"),
    "col_window": ("Kỳ báo cáo", "Reporting window"),
    "col_period_text": ("Kỳ (nguyên văn)", "Period (as written)"),
    "col_period_start": ("Từ ngày", "From"),
    "col_period_end": ("Đến ngày", "To"),
    "col_qualifier": ("Mức chính xác", "Qualifier"),
    "col_agency": ("Cơ quan", "Agency"),
    "col_counterpart": ("Đối tác", "Counterpart"),
    "col_country": ("Quốc gia", "Country"),
    "col_quote": ("Trích dẫn", "Quote"),
    "col_source": ("Nguồn", "Source"),
    "col_publisher": ("Cơ quan báo chí", "Publisher"),
    "col_published": ("Ngày đăng", "Published"),
    "col_offsets": ("Vị trí ký tự", "Character offsets"),
    "col_link": ("Văn bản", "Text"),
    "col_reason": ("Lý do", "Reason"),
    "col_kept": ("Số liệu được giữ", "Kept figure"),
    "col_n_figures": ("Số liệu", "Figures"),
    "col_n_sources": ("Nguồn", "Sources"),
    "col_estimate": ("Ước tính", "Estimate"),
    "col_usd": ("Quy đổi USD (ước tính)", "USD equivalent (estimate)"),
    "col_rate": ("Tỷ giá (nội tệ/USD)", "Rate (LCU per USD)"),
    "col_rate_basis": ("Cơ sở tỷ giá", "Rate basis"),
    "col_parameter": ("Tham số", "Parameter"),
    "col_applies": ("Áp dụng cho", "Applies to"),
    "col_rationale": ("Lý do", "Rationale"),
    "col_currency": ("Tiền tệ", "Currency"),
    "col_year": ("Năm", "Year"),
    "col_definition": ("Định nghĩa", "Definition"),
    "col_role": ("Vai trò", "Role"),
    "col_path": ("Cấp", "Hierarchy"),
    "col_kind": ("Loại sự kiện", "Kind"),
    "col_title": ("Tiêu đề", "Title"),
    "col_place": ("Địa điểm", "Place"),
    "col_dates": ("Thời gian", "Dates"),
    "col_participants": ("Các bên", "Participants"),
    "col_documents": ("Văn kiện ký kết", "Documents signed"),
    "col_per_month": ("Bình quân/tháng (ước tính)", "Per month (estimate)"),
    "col_kg": ("Khối lượng (kg)", "Mass (kg)"),
    "col_basis": ("Cơ sở", "Basis"),
    "col_assumption": ("Giả định", "Assumption"),
    "role_credited": ("được ghi nhận", "credited"),
    "role_partner": ("đối tác", "partner"),
    "basis_reported": ("theo khối lượng được đưa tin", "mass as reported"),
    "basis_estimated": ("ước tính từ bánh/viên", "estimated from bricks/tablets"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    # overview
    "tiles": ("Kết quả chính", "Headline results"),
    "tile_sources": ("{n} số liệu · {m} nguồn", "{n} figures · {m} sources"),
    "tile_usd_help": (
        "Tổng quy đổi sang USD theo tỷ giá bình quân năm của kỳ báo cáo (World Bank WDI): ước tính.",
        "Sum converted to USD at the reporting window's annual average rate (World Bank WDI): an estimate.",
    ),
    "tile_drugs_help": ("Các chất: {items}", "Substances: {items}"),
    "latest_reports": ("Báo cáo mới nhất", "Latest reports"),
    "coverage": ("Kỳ báo cáo có trong dữ liệu", "Reporting windows the data covers"),
    "coverage_help": (
        "Mỗi thanh là một kỳ báo cáo (từ ngày bắt đầu đến ngày kết thúc) của các số liệu đang hiển thị.",
        "Each bar is one reporting window (start to end) of the figures shown.",
    ),
    "open_start_note": (
        "{n} số liệu không có ngày bắt đầu (“đến nay”, không rõ từ khi nào): không vẽ được thành thanh.",
        "{n} figures have no start date (an open “so far”): they cannot be drawn as bars.",
    ),
    # trends
    "trends_pick": ("Chỉ số và đơn vị", "Metric and unit"),
    "per_month": ("Hiển thị bình quân mỗi tháng", "Show the per-month rate"),
    "per_month_help": (
        "Chia mỗi số liệu cho số tháng của kỳ báo cáo, để so sánh các kỳ dài ngắn khác nhau (ước tính, giả định phân bố đều).",
        "Divide each figure by its window's months, to compare windows of different length (an estimate that assumes an even spread).",
    ),
    "trends_chart": ("{metric} ({unit}): mỗi số liệu là một thanh trải dài theo kỳ báo cáo",
                     "{metric} ({unit}): each figure is a bar spanning its reporting window"),
    "trends_chart_rate": ("{metric} ({unit}/tháng, ước tính): bình quân mỗi tháng của từng kỳ báo cáo",
                          "{metric} ({unit} per month, estimate): per-month rate of each reporting window"),
    "trends_note": (
        "Số liệu cộng dồn của cả kỳ không bao giờ được vẽ như số liệu của một tháng.",
        "A cumulative figure is never drawn as if it were one month's.",
    ),
    # agencies
    "agencies_chart": ("{metric} ({unit}) theo cơ quan và vai trò", "{metric} ({unit}) by agency and role"),
    "hierarchy": ("Cấp bậc: quốc gia → bộ → đơn vị", "Hierarchy: country → ministry → unit"),
    "roles_table": ("Vai trò được ghi nhận và đối tác", "Credited and partner roles"),
    "roles_help": (
        "“Được ghi nhận”: cơ quan được báo chí ghi công; “đối tác”: cơ quan phía bên kia (ví dụ lực lượng Lào phối hợp).",
        "“Credited”: the agency the report credits; “partner”: the counterpart (e.g. the Lao forces it worked with).",
    ),
    # drugs
    "grams_per_brick": ("Gam mỗi bánh heroin", "Grams per heroin brick"),
    "grams_per_tablet": ("Gam mỗi viên ma túy tổng hợp", "Grams per synthetic-drug tablet"),
    "assumed": ("Giả định đang dùng: {text}. Khối lượng suy ra từ bánh/viên là ước tính.",
                "Assumed: {text}. Mass derived from bricks or tablets is an estimate."),
    "assumption_text": ("{brick} g/bánh heroin; {tablet} g/viên ma túy tổng hợp", "{brick} g per heroin brick; {tablet} g per tablet"),
    "drugs_reported": ("Theo đơn vị được đưa tin", "In the units reported"),
    "drugs_kg_chart": ("Ma túy thu giữ quy ra kg theo chất (phần gạch chéo là ước tính)",
                       "Drugs seized as kg by substance (hatched part is estimated)"),
    # seizures
    "currency": ("Tiền thu giữ", "Currency seized"),
    "currency_help": (
        "Mỗi loại tiền giữ đơn vị riêng; cột USD quy đổi theo tỷ giá bình quân năm ghi bên cạnh (ước tính).",
        "Each currency keeps its own unit; the USD column converts at the annual rate shown beside it (estimate).",
    ),
    "other_seizures": ("Vũ khí, đạn, phương tiện, điện thoại", "Weapons, ammunition, vehicles, phones"),
    # outreach
    "outreach": ("Tuyên truyền", "Outreach"),
    "per_session": ("Lượt người mỗi buổi", "Attendances per session"),
    "per_session_help": (
        "Tổng lượt người chia cho tổng số buổi của cùng cơ quan, đối tác và kỳ báo cáo. Lượt người không phải số người riêng biệt.",
        "Attendances divided by sessions for the same agency, counterpart and window. Attendances are not unique persons.",
    ),
    "victims": ("Nạn nhân được giải cứu", "Victims rescued"),
    # cooperation
    "events_chart": ("Sự kiện hợp tác (hội nghị, hội đàm, ký kết) và kỳ báo cáo kết quả",
                     "Cooperation events (conferences, talks, signings) beside the reporting windows of results"),
    "events_table": ("Sự kiện", "Events"),
    "n_events": ("{n} sự kiện từ {m} nguồn", "{n} events from {m} sources"),
    "results_lane": ("Kết quả: {label}", "Results: {label}"),
    # sources
    "pick_source": ("Văn bản nguồn", "Source document"),
    "source_meta": ("Thông tin văn bản", "About the document"),
    "source_text": ("Văn bản, các trích dẫn số liệu được tô sáng", "Text, with every figure's quote highlighted"),
    "noise_legend": ("Phần xám nhạt là “nhiễu trang” (tiêu đề bài khác, chú thích ảnh lặp…), không phải nội dung bài.",
                     "Greyed parts are page noise (other headlines, repeated captions…), not the article."),
    "figures_in_source": ("Số liệu trích từ văn bản này", "Figures taken from this document"),
    "selected_figure": ("Số liệu {figure}: “{quote}” (ký tự {start}–{end})", "Figure {figure}: “{quote}” (characters {start}–{end})"),
    "no_text": ("Không có văn bản cho nguồn này.", "No text for this source."),
    "field_url": ("Địa chỉ", "URL"),
    "field_notes": ("Ghi chú", "Notes"),
    "field_sha": ("SHA-256", "SHA-256"),
    # add report
    "ar_viewer": ("Bạn xem được mọi dữ liệu nhưng không thêm được báo cáo: {reason}",
                  "You can read everything, but not add reports: {reason}"),
    "log_in": ("Đăng nhập", "Log in"),
    "log_out": ("Đăng xuất", "Log out"),
    "logged_in_as": ("Đã đăng nhập: {email}", "Logged in as {email}"),
    "ar_local_editing": (
        "Chưa cấu hình đăng nhập: được phép chỉnh sửa vì ứng dụng đang chạy trên máy này (localhost).",
        "No login is configured: editing is allowed because the app is served on localhost.",
    ),
    "ar_limits": (
        "Tệp được nhận: {suffixes}, tối đa {mb} MB. PDF scan không có lớp văn bản thì không đọc được: hãy dán văn bản vào.",
        "Accepted files: {suffixes}, up to {mb} MB. Scanned PDFs without a text layer cannot be read: paste their text instead.",
    ),
    "ar_tab_paste": ("Dán văn bản", "Paste text"),
    "ar_tab_upload": ("Tải tệp lên", "Upload a file"),
    "ar_text": ("Văn bản báo cáo", "Report text"),
    "ar_file": ("Tệp", "File"),
    "ar_unreadable": ("Không đọc được tệp: {error}", "The file could not be read: {error}"),
    "ar_stored_text": ("Văn bản sẽ được lưu", "Text as stored"),
    "ar_about": ("Thông tin báo cáo", "About the report"),
    "ar_title": ("Tiêu đề", "Title"),
    "ar_publisher": ("Cơ quan báo chí", "Publisher"),
    "ar_published": ("Ngày đăng", "Publication date"),
    "ar_url": ("Địa chỉ (không bắt buộc)", "URL (optional)"),
    "ar_language": ("Ngôn ngữ của báo cáo", "Language of the report"),
    "ar_duplicate": (
        "Báo cáo này đã được lưu với mã {source_id} (trùng {matched}); sẽ không lưu lần nữa.",
        "This report is already stored as {source_id} (same {matched}); it will not be stored twice.",
    ),
    "ar_need_date": (
        "Nhập ngày đăng để xem các số liệu đề xuất: các kỳ như “đến nay” được hiểu theo ngày đăng.",
        "Enter the publication date to see the proposed figures: periods like 'đến nay' are read against it.",
    ),
    "ar_reading": ("Đang đọc các số liệu…", "Reading the figures…"),
    "ar_note": ("Lưu ý: {warning}", "Note: {warning}"),
    "ar_figures": ("Số liệu", "Figures"),
    "ar_figures_help": (
        "Chọn chấp nhận hoặc loại bỏ từng số liệu (hoặc để chờ duyệt sau); sửa ô nào cần sửa.",
        "Set each figure to accepted or rejected (or leave it pending for later review); correct any cell.",
    ),
    "ar_col_decision": ("Quyết định", "Decision"),
    "status_pending": ("chờ duyệt", "pending"),
    "status_accepted": ("chấp nhận", "accepted"),
    "status_rejected": ("loại bỏ", "rejected"),
    "status_withdrawn": ("đã rút", "withdrawn"),
    "qualifier_exact": ("chính xác", "exact"),
    "qualifier_at_least": ("ít nhất", "at least"),
    "qualifier_about": ("khoảng", "about"),
    "qualifier_at_most": ("nhiều nhất", "at most"),
    "ar_col_start": ("Từ ký tự", "Start"),
    "ar_col_end": ("Đến ký tự", "End"),
    "ar_col_confidence": ("Độ tin cậy", "Confidence"),
    "ar_show_quote": ("Xem trích dẫn của số liệu", "Show the quote of figure"),
    "ar_missed": ("Thêm số liệu bị bỏ sót", "Add a figure the extractor missed"),
    "ar_missed_quote": ("Trích dẫn, đúng nguyên văn", "Its quote, exactly as in the text"),
    "ar_quote_not_found": (
        "Không tìm thấy trích dẫn này trong văn bản: hãy sao chép đúng nguyên văn từ văn bản ở trên.",
        "That quote is not in the text: copy it exactly from the text above.",
    ),
    "ar_occurrence": ("Lần xuất hiện", "Occurrence"),
    "ar_at_character": ("tại ký tự {n}", "at character {n}"),
    "ar_add_figure": ("Thêm số liệu này", "Add this figure"),
    "ar_unknown_agencies": ("Cơ quan chưa có trong danh mục ({n})", "Agencies not in the registry ({n})"),
    "ar_unknown_agencies_help": (
        "Thêm các cơ quan cần dùng, rồi chọn chúng ở cột Cơ quan.",
        "Add the ones you need, then pick them in the Agency column.",
    ),
    "ar_add_agency": ("Thêm vào danh mục", "Add to the registry"),
    "ar_agency_id": ("Mã (cc-slug)", "Id (cc-slug)"),
    "ar_agency_name_vi": ("Tên tiếng Việt", "Vietnamese name"),
    "ar_agency_name_en": ("Tên tiếng Anh", "English name"),
    "ar_agency_kind": ("Loại cơ quan", "Kind"),
    "ar_agency_parent": ("Trực thuộc", "Part of"),
    "ar_save": ("Lưu báo cáo", "Save report"),
    "ar_not_saved": ("Chưa lưu gì: {error}", "Nothing was saved: {error}"),
    "ar_saved": ("Đã lưu với mã {source_id}: {n} số liệu ({accepted} được chấp nhận).",
                 "Saved as {source_id}: {n} figures ({accepted} accepted)."),
    # sources: history and corrections
    "fix_title": ("Lịch sử và hiệu chỉnh số liệu", "Figure history and corrections"),
    "fix_pick": ("Số liệu", "Figure"),
    "fix_option": ("{figure} · {metric} · {reported} · {status}", "{figure} · {metric} · {reported} · {status}"),
    "fix_no_figures": ("Văn bản này chưa có số liệu nào.", "This document has no figures yet."),
    "fix_readonly": (
        "Ứng dụng đang đọc một thư mục dữ liệu chỉ để xem: không có lịch sử hay hiệu chỉnh.",
        "The app reads a read-only data directory: there is no history and nothing can be corrected.",
    ),
    "history_title": ("Lịch sử thay đổi của số liệu {figure}", "History of figure {figure}"),
    "history_empty": (
        "Chưa thay đổi kể từ khi nhập từ bộ dữ liệu (bởi {by}, lúc {at}).",
        "Unchanged since it was imported from the data bundle (by {by} at {at}).",
    ),
    "col_at": ("Thời điểm", "When"),
    "col_actor": ("Người thực hiện", "Who"),
    "col_action": ("Thao tác", "Action"),
    "col_changes": ("Thay đổi (trước → sau)", "Changes (before → after)"),
    "action_figure_add": ("thêm", "added"),
    "action_figure_correct": ("hiệu chỉnh", "corrected"),
    "action_figure_accept": ("chấp nhận", "accepted"),
    "action_figure_reject": ("loại bỏ", "rejected"),
    "action_figure_withdraw": ("rút", "withdrawn"),
    "fix_viewer": (
        "Ai cũng xem được lịch sử; chỉ biên tập viên mới hiệu chỉnh hoặc rút được số liệu: {reason}",
        "Anyone can read the history; only an editor can correct or withdraw a figure: {reason}",
    ),
    "fix_closed": ("Số liệu này ở trạng thái “{status}”: không hiệu chỉnh hay rút được nữa.",
                   "This figure is {status}: it can no longer be corrected or withdrawn."),
    "fix_form": ("Hiệu chỉnh số liệu", "Correct this figure"),
    "fix_period_help": ("YYYY-MM-DD; để trống nếu không rõ", "YYYY-MM-DD; empty when unknown"),
    "fix_reason": ("Lý do (bắt buộc)", "Reason (required)"),
    "fix_save": ("Lưu hiệu chỉnh", "Save the correction"),
    "fix_need_reason": ("Hãy ghi lý do: chưa lưu gì.", "Give a reason: nothing was saved."),
    "fix_nothing": ("Không có gì thay đổi: chưa lưu gì.", "Nothing changed: nothing was saved."),
    "fix_done": ("Đã hiệu chỉnh số liệu {figure}.", "Figure {figure} corrected."),
    "withdraw_form": ("Rút số liệu", "Withdraw this figure"),
    "withdraw_help": (
        "Số liệu bị rút không còn được tính ở bất kỳ trang nào, nhưng vẫn được lưu cùng lịch sử của nó.",
        "A withdrawn figure no longer counts on any page, but it is kept with its history.",
    ),
    "withdraw_button": ("Rút số liệu", "Withdraw the figure"),
    "withdraw_done": ("Đã rút số liệu {figure}.", "Figure {figure} withdrawn."),
    # methodology
    "m_metrics": ("Định nghĩa chỉ số", "Metric definitions"),
    "m_overlap": ("Quy tắc chồng lấn và thời kỳ", "The overlap and period rules"),
    "m_overlap_text": (
        "Một số liệu chỉ được tính cho một thời kỳ khi toàn bộ kỳ báo cáo của nó nằm trong thời kỳ đó; kỳ vượt ra ngoài bị loại ra "
        "và liệt kê (mặc định), hoặc chia theo tỷ lệ số ngày nằm trong thời kỳ (ước tính). Các số liệu cùng cơ quan, đối tác, chỉ số, "
        "loại và đơn vị có kỳ báo cáo chồng lấn không bao giờ được cộng: mỗi cụm chồng lấn chỉ giữ kỳ rộng nhất, các số liệu còn lại "
        "được liệt kê kèm số liệu thay thế. Số liệu nhắc lại số liệu khác không bao giờ được tính hai lần. Số liệu là một phần của tổng "
        "đã nêu trước đó (\"trong đó\") được tính trong loại của nó nhưng không cộng thêm vào tổng các loại. Đơn vị không bao giờ bị trộn: "
        "kg cộng với kg, viên với viên, VND với VND.",
        "A figure counts toward a period only when its whole reporting window lies inside it; a window that sticks out is left out "
        "and listed (the default), or pro-rated by the share of its days inside the period (an estimate). Figures with the same agency, "
        "counterpart, metric, category and unit whose windows overlap are never summed: each overlapping cluster keeps its widest "
        "window and the others are listed with the figure that stood in for them. A figure that restates another is never counted "
        "twice. A figure that is part of a total reported before it (\"of which\", \"trong đó\") counts in its own category but is never "
        "added to the total across categories. Units never mix: kg with kg, tablets with tablets, VND with VND.",
    ),
    "m_conversions": ("Giả định quy đổi và nguồn", "Conversion assumptions and their sources"),
    "m_rates": ("Tỷ giá và nguồn", "Exchange rates and their source"),
    "m_limits": ("Giới hạn đã biết", "Known limits"),
    "m_limits_items": (
        "- Lượt người dự tuyên truyền không phải số người riêng biệt: một người dự nhiều buổi được đếm nhiều lần.\n"
        "- Báo chí đưa tin số liệu cộng dồn cho các kỳ dài, khác nhau (ví dụ “từ năm 2023 đến nay”): không suy ra được số liệu từng tháng.\n"
        "- Khối lượng từ bánh heroin và viên ma túy là ước tính theo giả định; quy đổi USD dùng tỷ giá bình quân năm, cũng là ước tính.\n"
        "- “Đến nay” được hiểu là ngày đăng bài; kỳ không rõ ngày bắt đầu không xếp được vào thời kỳ nào có ngày bắt đầu.\n"
        "- Dữ liệu chỉ gồm những gì báo chí đưa tin: thiếu bài không có nghĩa là không có kết quả.",
        "- Outreach attendances are not unique persons: one person at several sessions is counted several times.\n"
        "- The press reports cumulative figures over long, differing windows (e.g. “from 2023 to date”): monthly figures cannot be recovered.\n"
        "- Masses from heroin bricks and tablets are estimates under stated assumptions; USD uses annual average rates, also an estimate.\n"
        "- “To date” is read as the publication date; a window without a start cannot be placed in a period that has one.\n"
        "- The data holds only what the press reported: no article does not mean no result.",
    ),
    "m_glossary_intro": ("Mỗi chỉ số, đơn vị chuẩn của nó:", "Each metric, with its normal unit:"),
    # export
    "export_intro": (
        "Bảng tổng hợp theo bộ lọc hiện tại. CSV là UTF-8 có BOM (Excel hiển thị đúng tiếng Việt); ô bắt đầu bằng = + - @ được vô hiệu hóa "
        "(thêm dấu ' ở đầu). XLSX có trang thứ hai “about” mô tả bộ lọc, nguồn trích dẫn và giả định quy đổi; gói ZIP gồm CSV và README.txt có cùng nội dung.",
        "Summary tables for the current filters. CSV is UTF-8 with a BOM (so Excel shows Vietnamese correctly); cells starting with = + - @ "
        "are neutralised (prefixed with '). XLSX has a second sheet “about” with the filters, the sources cited and the conversion "
        "assumptions; the ZIP holds the CSV and a README.txt with the same.",
    ),
    "export_table": ("Bảng", "Table"),
    "export_summary": ("Tổng hợp (cơ quan × đối tác × chỉ số × loại × đơn vị)", "Summary (agency × counterpart × metric × category × unit)"),
    "export_figures": ("Từng số liệu kèm nguồn gốc", "Each figure with its provenance"),
    "export_left_out": ("Số liệu bị loại ra và lý do", "Figures left out, with why"),
    "bom": ("CSV có BOM (cho Excel)", "CSV with a BOM (for Excel)"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "download_xlsx": ("Tải XLSX", "Download XLSX"),
    "download_zip": ("Tải ZIP (CSV + README)", "Download ZIP (CSV + README)"),
}

METRIC_LABELS = {
    "cases": ("Số vụ", "Cases"),
    "persons_arrested": ("Đối tượng bị bắt", "Persons arrested"),
    "drug_seized": ("Ma túy thu giữ", "Drugs seized"),
    "weapon_seized": ("Vũ khí thu giữ", "Weapons seized"),
    "ammunition_seized": ("Đạn thu giữ", "Ammunition seized"),
    "explosive_seized": ("Vật liệu nổ thu giữ", "Explosives seized"),
    "vehicle_seized": ("Phương tiện thu giữ", "Vehicles seized"),
    "phone_seized": ("Điện thoại thu giữ", "Phones seized"),
    "currency_seized": ("Tiền thu giữ", "Currency seized"),
    "victims_rescued": ("Nạn nhân được giải cứu", "Victims rescued"),
    "outreach_sessions": ("Buổi tuyên truyền", "Outreach sessions"),
    "outreach_attendees": ("Lượt người dự tuyên truyền", "Outreach attendances"),
    "facilities_built": ("Công trình xây dựng", "Facilities built"),
    "equipment_donated": ("Trang thiết bị trao tặng", "Equipment donated"),
    "other": ("Khác", "Other"),
}

METRIC_DEFINITIONS = {
    "cases": ("Số vụ việc (vụ án) được phát hiện, bắt giữ hoặc xử lý.", "Cases (incidents) detected, seized or handled."),
    "persons_arrested": ("Số đối tượng bị bắt giữ.", "Persons arrested or detained."),
    "drug_seized": ("Lượng ma túy thu giữ, theo chất và đơn vị được đưa tin (kg, bánh, viên).",
                    "Drugs seized, by substance, in the unit reported (kg, bricks, tablets)."),
    "weapon_seized": ("Số vũ khí (súng) thu giữ.", "Weapons (firearms) seized."),
    "ammunition_seized": ("Số viên đạn thu giữ.", "Rounds of ammunition seized."),
    "explosive_seized": ("Vật liệu nổ thu giữ.", "Explosives seized."),
    "vehicle_seized": ("Số phương tiện (xe máy, ô tô…) thu giữ.", "Vehicles (motorbikes, cars…) seized."),
    "phone_seized": ("Số điện thoại thu giữ.", "Phones seized."),
    "currency_seized": ("Tiền thu giữ, mỗi loại tiền một đơn vị riêng.", "Currency seized, each currency in its own unit."),
    "victims_rescued": ("Nạn nhân (mua bán người…) được giải cứu.", "Victims (of trafficking…) rescued."),
    "outreach_sessions": ("Số buổi tuyên truyền pháp luật.", "Legal-outreach sessions held."),
    "outreach_attendees": ("Lượt người dự các buổi tuyên truyền (không phải số người riêng biệt).",
                           "Attendances at outreach sessions (not unique persons)."),
    "facilities_built": ("Công trình (trụ sở…) xây dựng, bàn giao.", "Facilities (posts…) built and handed over."),
    "equipment_donated": ("Trang thiết bị trao tặng đối tác.", "Equipment donated to partners."),
    "other": ("Kết quả khác.", "Other results."),
}

UNIT_LABELS = {
    "case": ("vụ", "cases"),
    "person": ("người", "persons"),
    "kg": ("kg", "kg"),
    "brick": ("bánh", "bricks"),
    "tablet": ("viên", "tablets"),
    "firearm": ("khẩu", "firearms"),
    "round": ("viên đạn", "rounds"),
    "vehicle": ("chiếc", "vehicles"),
    "phone": ("chiếc", "phones"),
    "victim": ("nạn nhân", "victims"),
    "session": ("buổi", "sessions"),
    "attendance": ("lượt người", "attendances"),
    "facility": ("công trình", "facilities"),
    "item": ("chiếc", "items"),
    "l": ("lít", "litres"),
    "USD": ("USD", "USD"),
}

CATEGORY_LABELS = {
    "all_crime": ("mọi loại tội phạm", "all crime"),
    "heroin": ("heroin", "heroin"),
    "synthetic_drugs": ("ma túy tổng hợp", "synthetic drugs"),
    "opium_resin": ("thuốc phiện", "opium resin"),
    "crystal_meth": ("ma túy đá", "crystal meth"),
    "ketamine": ("ketamine", "ketamine"),
    "cannabis": ("cần sa", "cannabis"),
    "firearm": ("súng", "firearms"),
    "ammunition": ("đạn", "ammunition"),
    "motorbike": ("xe máy", "motorbikes"),
    "car": ("ô tô", "cars"),
    "mobile_phone": ("điện thoại di động", "mobile phones"),
    "human_trafficking": ("mua bán người", "human trafficking"),
    "legal_outreach": ("tuyên truyền pháp luật", "legal outreach"),
    "village_police_post": ("trụ sở công an bản", "village police posts"),
    "television": ("tivi", "televisions"),
}

COUNTRY_LABELS = {
    "VN": ("Việt Nam", "Viet Nam"),
    "LA": ("Lào", "Laos"),
    "KH": ("Campuchia", "Cambodia"),
    "CN": ("Trung Quốc", "China"),
    "TH": ("Thái Lan", "Thailand"),
    "MM": ("Myanmar", "Myanmar"),
}

EVENT_KIND_LABELS = {
    "conference": ("hội nghị", "conference"),
    "talks": ("hội đàm", "talks"),
    "visit": ("chuyến thăm", "visit"),
    "signing": ("ký kết", "signing"),
    "friendship exchange": ("giao lưu hữu nghị", "friendship exchange"),
}

_REASONS = [
    (re.compile(r"^reporting window sticks out of the period$"),
     ("kỳ báo cáo vượt ra ngoài thời kỳ", "reporting window sticks out of the period")),
    (re.compile(r"^reporting window has no start"),
     ("kỳ báo cáo không có ngày bắt đầu nên không xếp được vào thời kỳ",
      "reporting window has no start, so it cannot be placed in the period")),
    (re.compile(r"^restates figure (?P<id>\S+)"),
     ("nhắc lại số liệu {id}", "restates figure {id}")),
    (re.compile(r"^reporting window overlaps that of figure (?P<id>\S+)"),
     ("kỳ báo cáo chồng lấn với số liệu {id} (cùng cơ quan, đối tác, chỉ số, loại): không cộng dồn",
      "reporting window overlaps that of figure {id} (same agency, counterpart, metric and category): not summed")),
]


# The sentences metrics.access gives an Actor as its reason, in both languages.
ACCESS_REASONS = {
    "log in to edit.": ("hãy đăng nhập để chỉnh sửa.", "log in to edit."),
    "listed as an editor.": ("có trong danh sách biên tập viên.", "listed as an editor."),
    "this account is not in the editors list.": (
        "tài khoản này không có trong danh sách biên tập viên.", "this account is not in the editors list."),
    "no login is configured and the app is served on localhost.": (
        "chưa cấu hình đăng nhập và ứng dụng đang chạy trên máy này (localhost).",
        "no login is configured and the app is served on localhost."),
    "no login is configured, so editing is only possible on the machine serving the app.": (
        "chưa cấu hình đăng nhập nên chỉ chỉnh sửa được trên chính máy chạy ứng dụng.",
        "no login is configured, so editing is only possible on the machine serving the app."),
}


def language_of(value: str | None) -> str:
    """``en`` when asked for English, else Vietnamese."""
    return "en" if str(value or "").lower().startswith("en") else DEFAULT_LANGUAGE


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language == "en" else pair[0]


def t(key: str, language: str = DEFAULT_LANGUAGE, **values) -> str:
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    text = _pick(pair, language)
    return text.format(**values) if values else text


def _labelled(table: dict, code: str, language: str) -> str:
    pair = table.get(code)
    if pair is None:
        return str(code).replace("_", " ")
    return _pick(pair, language)


def metric_label(metric: str, language: str = DEFAULT_LANGUAGE) -> str:
    return _labelled(METRIC_LABELS, metric, language)


def metric_definition(metric: str, language: str = DEFAULT_LANGUAGE) -> str:
    return _labelled(METRIC_DEFINITIONS, metric, language)


def unit_label(unit: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A normal unit as the reader says it; currencies keep their ISO code."""
    if unit in UNIT_LABELS:
        return _pick(UNIT_LABELS[unit], language)
    return str(unit)


def category_label(category: str, language: str = DEFAULT_LANGUAGE) -> str:
    if category in CATEGORY_LABELS:
        return _pick(CATEGORY_LABELS[category], language)
    return str(category).replace("_", " ")


def country_label(country: str, language: str = DEFAULT_LANGUAGE) -> str:
    return _labelled(COUNTRY_LABELS, country, language) if country in COUNTRY_LABELS else str(country)


def event_kind_label(kind: str, language: str = DEFAULT_LANGUAGE) -> str:
    return _labelled(EVENT_KIND_LABELS, kind, language)


def reason_label(reason: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Why a figure was left out (metrics.aggregate writes the reasons in English)."""
    for pattern, pair in _REASONS:
        match = pattern.match(str(reason))
        if match:
            return _pick(pair, language).format(**match.groupdict())
    return str(reason)


def page_title(url_path: str, language: str = DEFAULT_LANGUAGE) -> str:
    for path, _file, vi, en in PAGES:
        if path == url_path:
            return en if language == "en" else vi
    return url_path


def access_reason_label(reason: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Why an actor may or may not edit (metrics.access writes the reasons in English)."""
    pair = ACCESS_REASONS.get(str(reason))
    return _pick(pair, language) if pair else str(reason)
