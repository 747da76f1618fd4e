//! The demo's cast: logins, categories, nominee helpers.

use accolade_events::{
    Category, Criterion, Denominator, Nominee, NomineeKind, Ratio, Threshold, VotingRule,
};
use time::macros::date;

/// A demo login.
#[derive(Debug, Clone)]
pub struct Login {
    /// Who.
    pub label: &'static str,
    /// E-mail.
    pub email: &'static str,
    /// Password.
    pub password: &'static str,
}

/// The demo logins (printed by `accolade demo`).
pub const LOGINS: [Login; 6] = [
    Login {
        label: "Thư ký Hội đồng (admin)",
        email: "thuky@demo.accolade.vn",
        password: "demo-thuky-2026",
    },
    Login {
        label: "Văn thư VTV (clerk)",
        email: "vanthu.vtv@demo.accolade.vn",
        password: "demo-vanthu-2026",
    },
    Login {
        label: "Lãnh đạo VTV (head)",
        email: "lanhdao.vtv@demo.accolade.vn",
        password: "demo-lanhdao-2026",
    },
    Login {
        label: "Chủ tịch Hội đồng (chair)",
        email: "chutich@demo.accolade.vn",
        password: "demo-chutich-2026",
    },
    Login {
        label: "Ủy viên Hội đồng (member)",
        email: "uyvien2@demo.accolade.vn",
        password: "demo-uyvien-2026",
    },
    Login {
        label: "Bộ trưởng (authority)",
        email: "botruong@demo.accolade.vn",
        password: "demo-botruong-2026",
    },
];

pub(super) fn person(name: &str, position: &str, org: &str, province: &str) -> Nominee {
    Nominee {
        kind: NomineeKind::Individual,
        full_name: name.into(),
        position: Some(position.into()),
        organisation: org.into(),
        province: Some(province.into()),
        email: None,
        birth_year: None,
    }
}

pub(super) fn team(name: &str, org: &str, province: &str) -> Nominee {
    Nominee {
        kind: NomineeKind::Collective,
        full_name: name.into(),
        position: None,
        organisation: org.into(),
        province: Some(province.into()),
        email: None,
        birth_year: None,
    }
}

fn criteria() -> Vec<Criterion> {
    vec![
        Criterion {
            key: "tac_dong".into(),
            label: "Tác động xã hội".into(),
            weight: 3,
            max: 10,
        },
        Criterion {
            key: "sang_tao".into(),
            label: "Tính sáng tạo".into(),
            weight: 2,
            max: 10,
        },
        Criterion {
            key: "lan_toa".into(),
            label: "Mức độ lan tỏa".into(),
            weight: 1,
            max: 10,
        },
    ]
}

pub(super) fn categories() -> [Category; 2] {
    [
        Category {
            code: "CA-NHAN".into(),
            title: "Giải thưởng dành cho cá nhân".into(),
            nominee_kind: NomineeKind::Individual,
            award_title: "Bằng khen của Bộ trưởng Bộ Khoa học và Công nghệ".into(),
            award_level: "bo".into(),
            leaderboard_points: 10,
            criteria: criteria(),
            voting: VotingRule {
                threshold: Threshold {
                    num: 2,
                    den: 3,
                    strict: false,
                },
                denominator: Denominator::AllMembers,
                quorum: Some(Ratio { num: 2, den: 3 }),
                secret: true,
                absentee_written: true,
            },
            max_awards: 5,
            max_per_agency: None,
            prerequisite: None,
            legal_ref: Some(
                "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP".into(),
            ),
            effective_from: Some(date!(2024 - 01 - 01)),
        },
        Category {
            code: "TAP-THE".into(),
            title: "Giải thưởng dành cho tập thể".into(),
            nominee_kind: NomineeKind::Collective,
            award_title: "Cờ thi đua của Bộ Khoa học và Công nghệ".into(),
            award_level: "bo".into(),
            leaderboard_points: 20,
            criteria: criteria(),
            voting: VotingRule {
                threshold: Threshold {
                    num: 1,
                    den: 2,
                    strict: true,
                },
                denominator: Denominator::VotesCast,
                quorum: Some(Ratio { num: 1, den: 2 }),
                secret: true,
                absentee_written: false,
            },
            max_awards: 1,
            max_per_agency: None,
            prerequisite: None,
            legal_ref: Some("Nghị định 98/2023/NĐ-CP".into()),
            effective_from: None,
        },
    ]
}
