//! What each mail says, in Vietnamese and English: subject, greeting, paragraphs, the list
//! (a digest's nominations), the action link's label.
//!
//! Why words in Rust and layout in askama: thirteen templates times two languages times two
//! formats would be 52 template files repeating one layout; here each mail is one function
//! with both languages side by side (a translator sees the pair), and `mail.txt` /
//! `mail.html` lay every mail out the same way — plain text unescaped, HTML escaped, so a
//! nominee's name or a reason can never inject markup.

use accolade_events::{Locale, Outcome, Phase, RevocationGround};
use accolade_projections::Template;
use time::Date;

/// What a Vietnamese mail says in place of an erased person's name.
pub const ERASED_VI: &str = "[đã xoá]";
/// What an English mail says in place of an erased person's name.
pub const ERASED_EN: &str = "[erased]";

/// The erased marker of a language.
pub fn erased(locale: Locale) -> &'static str {
    match locale {
        Locale::Vi => ERASED_VI,
        Locale::En => ERASED_EN,
    }
}

/// One line of a digest: a nomination, by its nominee and category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The nominee's full name; `None` when the nominee was erased.
    pub nominee: Option<String>,
    /// The category's title.
    pub category: String,
}

/// What a mail is about, gathered from the read models and the causing record. Only what
/// a mail may say: public nominee fields, reasons, decisions — never another person's contact.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The recipient's name, for the greeting.
    pub name: Option<String>,
    /// The programme's title.
    pub programme: String,
    /// The nominee's full name (empty when erased: see `nominee_erased`).
    pub nominee: String,
    /// The nominee was erased: the mail names them by the erased marker of its language.
    pub nominee_erased: bool,
    /// The category's title.
    pub category: String,
    /// A reason (screening, return, objection resolution, revocation note).
    pub reason: String,
    /// The vote's outcome.
    pub outcome: Option<Outcome>,
    /// Whether an objection was upheld.
    pub upheld: bool,
    /// The award's title.
    pub award_title: String,
    /// A decision number (conferral, revocation).
    pub decision_no: String,
    /// The revocation's ground.
    pub ground: Option<RevocationGround>,
    /// A reminder's phase.
    pub phase: Option<Phase>,
    /// A reminder's deadline.
    pub deadline: Option<Date>,
    /// A reminder's count of open items.
    pub open_items: u32,
    /// A digest's lines.
    pub items: Vec<Item>,
    /// Days an invitation stays valid.
    pub valid_days: u64,
    /// Minutes a password-reset link stays valid.
    pub valid_minutes: u64,
}

/// A mail's words, ready for the layout templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// `vi` or `en` (the HTML `lang`).
    pub lang: &'static str,
    /// Subject line.
    pub subject: String,
    /// "Kính gửi ..." / "Dear ...".
    pub greeting: String,
    /// Body paragraphs.
    pub paragraphs: Vec<String>,
    /// A list (digest).
    pub items: Vec<String>,
    /// The action link's label.
    pub action: String,
    /// The closing line.
    pub footer: String,
}

fn date(d: Option<Date>) -> String {
    d.map_or_else(String::new, |d| {
        format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
    })
}

fn outcome(o: Option<Outcome>, vi: bool) -> &'static str {
    match (o, vi) {
        (Some(Outcome::Recommended), true) => "được đề nghị khen thưởng",
        (Some(Outcome::Reserve), true) => "đạt nhưng ngoài chỉ tiêu (dự bị)",
        (Some(Outcome::NotRecommended), true) | (None, true) => "không được đề nghị",
        (Some(Outcome::Recommended), false) => "recommended for the award",
        (Some(Outcome::Reserve), false) => "passed but beyond the quota (reserve)",
        (Some(Outcome::NotRecommended), false) | (None, false) => "not recommended",
    }
}

fn ground(g: Option<RevocationGround>, vi: bool) -> &'static str {
    match (g, vi) {
        (Some(RevocationGround::FraudulentClaim), true) => "kê khai gian dối",
        (Some(RevocationGround::FalseDossier), true) => "hồ sơ không trung thực, giả mạo",
        (Some(RevocationGround::UnlawfulReview), true) => "xét khen thưởng không đúng quy định",
        (Some(RevocationGround::LaterViolation), true) | (None, true) => {
            "phát hiện vi phạm sau khi khen thưởng"
        }
        (Some(RevocationGround::FraudulentClaim), false) => "fraudulent claims",
        (Some(RevocationGround::FalseDossier), false) => "a false or forged dossier",
        (Some(RevocationGround::UnlawfulReview), false) => "an unlawful review",
        (Some(RevocationGround::LaterViolation), false) | (None, false) => "violations found later",
    }
}

fn phase(p: Option<Phase>, vi: bool) -> &'static str {
    match (p, vi) {
        (Some(Phase::Nominating), true) => "nộp hồ sơ đề nghị",
        (Some(Phase::Reviewing), true) => "chấm điểm",
        (Some(Phase::Voting), true) => "bỏ phiếu",
        (_, true) => "giai đoạn hiện tại",
        (Some(Phase::Nominating), false) => "nominating",
        (Some(Phase::Reviewing), false) => "scoring",
        (Some(Phase::Voting), false) => "voting",
        (_, false) => "the current phase",
    }
}

/// The words of `template` in `locale`.
pub fn words(template: Template, locale: Locale, f: &Facts) -> Words {
    let vi = locale == Locale::Vi;
    let t = |a: String, b: String| if vi { a } else { b };
    let n = if f.nominee_erased {
        erased(locale)
    } else {
        f.nominee.as_str()
    };
    let p = &f.programme;
    let (subject, paragraphs, action): (String, Vec<String>, String) = match template {
        Template::NominationSubmitted => (
            t(
                format!("Đã nộp hồ sơ đề nghị: {n}"),
                format!("Nomination submitted: {n}"),
            ),
            vec![t(
                format!(
                    "Hồ sơ đề nghị khen thưởng cho {n} ({p}) đã được nộp và đang chờ thẩm định."
                ),
                format!("The nomination of {n} ({p}) was submitted and awaits screening."),
            )],
            t("Xem hồ sơ".into(), "View the nomination".into()),
        ),
        Template::NominationEligible => (
            t(
                format!("Hồ sơ hợp lệ: {n}"),
                format!("Nomination eligible: {n}"),
            ),
            vec![t(
                format!(
                    "Hồ sơ đề nghị cho {n} ({p}) đã được thẩm định là hợp lệ và sẽ được Hội đồng xét chọn."
                ),
                format!(
                    "The nomination of {n} ({p}) was screened eligible and goes to the council for review."
                ),
            )],
            t("Xem hồ sơ".into(), "View the nomination".into()),
        ),
        Template::NominationIneligible => (
            t(
                format!("Hồ sơ không hợp lệ: {n}"),
                format!("Nomination ineligible: {n}"),
            ),
            vec![
                t(
                    format!("Hồ sơ đề nghị cho {n} ({p}) không đủ điều kiện xét khen thưởng."),
                    format!("The nomination of {n} ({p}) was screened ineligible."),
                ),
                t(
                    format!("Lý do: {}", f.reason),
                    format!("Reason: {}", f.reason),
                ),
            ],
            t("Xem hồ sơ".into(), "View the nomination".into()),
        ),
        Template::NominationReturned => (
            t(
                format!("Hồ sơ cần bổ sung: {n}"),
                format!("Nomination returned for correction: {n}"),
            ),
            vec![
                t(
                    format!(
                        "Hồ sơ đề nghị cho {n} ({p}) được trả lại để bổ sung, chỉnh sửa và nộp lại."
                    ),
                    format!(
                        "The nomination of {n} ({p}) was returned to be corrected and submitted again."
                    ),
                ),
                t(
                    format!("Nội dung cần bổ sung: {}", f.reason),
                    format!("What to correct: {}", f.reason),
                ),
            ],
            t("Sửa hồ sơ".into(), "Correct the nomination".into()),
        ),
        Template::ReviewAssigned | Template::ReviewDigest => (
            t(
                format!("Hồ sơ được phân công chấm: {} hồ sơ ({p})", f.items.len()),
                format!("Assigned for review: {} nomination(s) ({p})", f.items.len()),
            ),
            vec![t(
                "Ông/Bà được phân công xem xét, chấm điểm các hồ sơ sau:".into(),
                "You have been assigned to review and score these nominations:".into(),
            )],
            t(
                "Mở danh sách được phân công".into(),
                "Open your assignments".into(),
            ),
        ),
        Template::VoteResult => (
            t(
                format!("Kết quả bỏ phiếu: {n}"),
                format!("Vote result: {n}"),
            ),
            vec![t(
                format!(
                    "Kết quả bỏ phiếu của Hội đồng ({p}): {n} {}.",
                    outcome(f.outcome, true)
                ),
                format!(
                    "The council's vote ({p}): {n} was {}.",
                    outcome(f.outcome, false)
                ),
            )],
            t("Xem kết quả".into(), "View the result".into()),
        ),
        Template::AwardConferred => (
            t(
                format!("Quyết định khen thưởng: {n}"),
                format!("Award conferred: {n}"),
            ),
            vec![t(
                format!(
                    "{n} được tặng {} theo Quyết định số {} ({p}).",
                    f.award_title, f.decision_no
                ),
                format!(
                    "{n} was awarded {} by decision no. {} ({p}).",
                    f.award_title, f.decision_no
                ),
            )],
            t("Xem trang khen thưởng".into(), "View the award".into()),
        ),
        Template::ObjectionReceived => (
            t(
                format!("Đã nhận ý kiến phản ánh: {n}"),
                format!("Objection received: {n}"),
            ),
            vec![t(
                format!(
                    "Đã nhận một ý kiến phản ánh về hồ sơ {n} trong thời gian công khai ({p}). Ý kiến sẽ được xem xét, trả lời theo quy định."
                ),
                format!(
                    "An objection to the nomination of {n} was received during public notice ({p}). It will be considered and answered."
                ),
            )],
            t(
                "Xem danh sách công khai".into(),
                "View the public notice".into(),
            ),
        ),
        Template::ObjectionResolved => (
            t(
                format!("Kết quả xử lý ý kiến phản ánh: {n}"),
                format!("Objection resolved: {n}"),
            ),
            vec![
                if f.upheld {
                    t(
                        format!(
                            "Ý kiến phản ánh về hồ sơ {n} được chấp nhận; hồ sơ không tiếp tục được xét."
                        ),
                        format!(
                            "The objection to the nomination of {n} was upheld; the nomination leaves the list."
                        ),
                    )
                } else {
                    t(
                        format!("Ý kiến phản ánh về hồ sơ {n} không được chấp nhận."),
                        format!("The objection to the nomination of {n} was dismissed."),
                    )
                },
                t(
                    format!("Lý do: {}", f.reason),
                    format!("Reason: {}", f.reason),
                ),
            ],
            t(
                "Xem danh sách công khai".into(),
                "View the public notice".into(),
            ),
        ),
        Template::AwardRevoked => (
            t(
                format!("Thu hồi khen thưởng: {n}"),
                format!("Award revoked: {n}"),
            ),
            vec![t(
                format!(
                    "Khen thưởng của {n} ({p}) bị thu hồi theo Quyết định số {}, lý do: {}.",
                    f.decision_no,
                    ground(f.ground, true)
                ),
                format!(
                    "The award of {n} ({p}) was revoked by decision no. {} on the ground of {}.",
                    f.decision_no,
                    ground(f.ground, false)
                ),
            )],
            t("Xem trang khen thưởng".into(), "View the award".into()),
        ),
        Template::Reminder => (
            t(
                format!("Nhắc hạn {}: {}", phase(f.phase, true), date(f.deadline)),
                format!(
                    "Reminder: {} closes on {}",
                    phase(f.phase, false),
                    date(f.deadline)
                ),
            ),
            vec![t(
                format!(
                    "Hạn {} của {p} là ngày {}. Còn {} việc chưa hoàn thành.",
                    phase(f.phase, true),
                    date(f.deadline),
                    f.open_items
                ),
                format!(
                    "{} for {p} closes on {}. {} item(s) are still open.",
                    capital(phase(f.phase, false)),
                    date(f.deadline),
                    f.open_items
                ),
            )],
            t("Mở công việc".into(), "Open your work".into()),
        ),
        Template::Invitation => (
            t(
                "Mời tham gia hệ thống Giải thưởng".into(),
                "Your invitation to the awards system".into(),
            ),
            vec![t(
                format!(
                    "Ông/Bà được mời sử dụng hệ thống xét tặng giải thưởng. Vui lòng đặt mật khẩu trong vòng {} ngày.",
                    f.valid_days
                ),
                format!(
                    "You have been invited to the awards system. Please set your password within {} days.",
                    f.valid_days
                ),
            )],
            t("Đặt mật khẩu".into(), "Set your password".into()),
        ),
        Template::PasswordReset => (
            t(
                "Đặt lại mật khẩu hệ thống Giải thưởng".into(),
                "Reset your password for the awards system".into(),
            ),
            vec![
                t(
                    format!(
                        "Có yêu cầu đặt lại mật khẩu cho tài khoản của Ông/Bà. Liên kết dưới đây dùng được một lần, trong vòng {} phút; khi đặt mật khẩu mới, mọi phiên đăng nhập khác sẽ bị đăng xuất.",
                        f.valid_minutes
                    ),
                    format!(
                        "A password reset was asked for your account. The link below works once, within {} minutes; setting a new password signs out every other session.",
                        f.valid_minutes
                    ),
                ),
                t(
                    "Nếu Ông/Bà không yêu cầu, xin bỏ qua thư này: mật khẩu hiện tại vẫn giữ nguyên.".into(),
                    "If you did not ask for this, ignore this message: your password stays as it is.".into(),
                ),
            ],
            t("Đặt mật khẩu mới".into(), "Set a new password".into()),
        ),
    };
    let greeting = match (&f.name, vi) {
        (Some(name), true) => format!("Kính gửi {name},"),
        (None, true) => "Kính gửi Quý cơ quan, đơn vị,".to_owned(),
        (Some(name), false) => format!("Dear {name},"),
        (None, false) => "Dear Sir or Madam,".to_owned(),
    };
    Words {
        lang: if vi { "vi" } else { "en" },
        subject,
        greeting,
        paragraphs,
        items: f
            .items
            .iter()
            .map(|i| {
                let name = i.nominee.as_deref().unwrap_or(erased(locale));
                format!("{name} — {}", i.category)
            })
            .collect(),
        action,
        footer: t(
            "Thư này được gửi tự động từ hệ thống Giải thưởng; vui lòng không trả lời.".into(),
            "This message was sent automatically by the awards system; please do not reply.".into(),
        ),
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
