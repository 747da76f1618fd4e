//! The demo: a realistic programme in Vietnamese, driven through the app exactly as the API
//! would drive it (no event is written by hand), ending with published awards.
//!
//! "Giải thưởng Truyền thông Khoa học, Công nghệ, Đổi mới sáng tạo và Chuyển đổi số 2026":
//! ministries, provinces, press agencies and a university nominate; a council of seven scores
//! and votes by secret ballot (one member is recused from his own agency's nominations, one
//! absent member votes in writing); the public objects; the minister decides; one award is
//! revoked. At the end the nominations stand in every final state: draft, returned,
//! ineligible, withdrawn, not recommended, reserve, objection upheld, declined, awarded,
//! revoked. A second edition (2027) is open for nominations, with one submitted.

use std::collections::BTreeMap;

use accolade_app::{Actor, Command};
use accolade_domain::{
    CreateProgramme, Decline, FileObjection, PanelSpec, ProgrammeCommand, RegisterUser, UserCommand,
};
use accolade_events::{
    AgencyKind, Choice, Locale, Objector, PanelMember, Phase, RevocationGround, Role, Schedule,
};
use time::macros::date;
use uuid::Uuid;

mod data;
mod seeder;

use seeder::Seeder;

pub use data::{LOGINS, Login};
use data::{categories, person, team};

use accolade_http::ApiError;
use accolade_http::AppState;

/// What the seed created, for tests and the printout.
#[derive(Debug, Clone)]
pub struct Seeded {
    /// The 2026 programme (published).
    pub programme_id: Uuid,
    /// The 2027 programme (nominating).
    pub next_programme_id: Uuid,
}

/// Seeds the demo into an empty store through the app. `admin` is created here.
pub async fn seed(s: &AppState) -> Result<Seeded, ApiError> {
    let admin_id = s.app.new_id();
    let admin = Actor::user(admin_id, Role::Admin, None);
    let d = Seeder {
        s,
        admin: admin.clone(),
    };
    // The first admin registers themself (there is no other admin yet).
    let register = UserCommand::Register(RegisterUser {
        user_id: admin_id,
        person_id: s.app.new_id(),
        email: LOGINS[0].email.into(),
        full_name: "Văn phòng Hội đồng Giải thưởng".into(),
        role: Role::Admin,
        agency_id: None,
        locale: Locale::Vi,
    });
    d.run(&admin, Command::user(admin_id, register)).await?;
    s.auth
        .set_password(admin_id, LOGINS[0].password.into())
        .await
        .map_err(|e| ApiError::internal(&e))?;

    // Agencies.
    let _bkhcn = d
        .agency(
            "Bộ Khoa học và Công nghệ",
            "BKHCN",
            AgencyKind::Ministry,
            Some("Hà Nội"),
        )
        .await?;
    let qn = d
        .agency(
            "UBND tỉnh Quảng Ninh",
            "QUANGNINH",
            AgencyKind::Province,
            Some("Quảng Ninh"),
        )
        .await?;
    let vtv = d
        .agency(
            "Đài Truyền hình Việt Nam",
            "VTV",
            AgencyKind::Press,
            Some("Hà Nội"),
        )
        .await?;
    let vne = d
        .agency(
            "Báo VnExpress",
            "VNEXPRESS",
            AgencyKind::Press,
            Some("Hà Nội"),
        )
        .await?;
    let vnu = d
        .agency(
            "Đại học Quốc gia Hà Nội",
            "VNU",
            AgencyKind::University,
            Some("Hà Nội"),
        )
        .await?;
    let _ttx = d
        .agency(
            "Thông tấn xã Việt Nam",
            "TTXVN",
            AgencyKind::Press,
            Some("Hà Nội"),
        )
        .await?;
    let _dn = d
        .agency(
            "UBND thành phố Đà Nẵng",
            "DANANG",
            AgencyKind::Province,
            Some("Đà Nẵng"),
        )
        .await?;

    // People.
    let clerk_vtv = d
        .user(
            LOGINS[1].email,
            "Nguyễn Thị Hoa",
            Role::Clerk,
            Some(vtv),
            Some(LOGINS[1].password),
        )
        .await?;
    let head_vtv = d
        .user(
            LOGINS[2].email,
            "Trần Văn Bình",
            Role::Head,
            Some(vtv),
            Some(LOGINS[2].password),
        )
        .await?;
    let mut clerks = BTreeMap::new();
    let mut heads = BTreeMap::new();
    for (agency, code) in [(qn, "quangninh"), (vne, "vnexpress"), (vnu, "vnu")] {
        let c = d
            .user(
                &format!("vanthu.{code}@demo.accolade.vn"),
                &format!("Văn thư {code}"),
                Role::Clerk,
                Some(agency),
                None,
            )
            .await?;
        let h = d
            .user(
                &format!("lanhdao.{code}@demo.accolade.vn"),
                &format!("Lãnh đạo {code}"),
                Role::Head,
                Some(agency),
                None,
            )
            .await?;
        clerks.insert(agency, c);
        heads.insert(agency, h);
    }
    clerks.insert(vtv, clerk_vtv);
    heads.insert(vtv, head_vtv);
    let council = [
        (
            "chutich@demo.accolade.vn",
            "GS.TS. Phạm Minh Khoa",
            None,
            Some(LOGINS[3].password),
        ),
        (
            "uyvien2@demo.accolade.vn",
            "PGS.TS. Lê Thu Trang",
            None,
            Some(LOGINS[4].password),
        ),
        ("uyvien3@demo.accolade.vn", "TS. Đinh Quang Huy", None, None),
        (
            "uyvien4@demo.accolade.vn",
            "Nhà báo Vũ Hồng Nhung",
            None,
            None,
        ),
        ("uyvien5@demo.accolade.vn", "TS. Hà Văn Long", None, None),
        ("uyvien6@demo.accolade.vn", "ThS. Cao Thị Ngọc", None, None),
        // Works at VTV: recused automatically from VTV's nominations.
        (
            "uyvien7@demo.accolade.vn",
            "Nhà báo Tạ Quang Vinh",
            Some(vtv),
            None,
        ),
    ];
    let mut members = Vec::new();
    for (email, name, agency, pw) in council {
        members.push(d.user(email, name, Role::Member, agency, pw).await?);
    }
    let authority = d
        .user(
            LOGINS[5].email,
            "Bộ trưởng Bộ Khoa học và Công nghệ",
            Role::Authority,
            None,
            Some(LOGINS[5].password),
        )
        .await?;

    // The programme.
    let pid = s.app.new_id();
    d.prog(&admin, pid, ProgrammeCommand::Create(CreateProgramme {
        programme_id: pid,
        title: "Giải thưởng Truyền thông Khoa học, Công nghệ, Đổi mới sáng tạo và Chuyển đổi số 2026".into(),
        year: 2026,
        description: Some("Tôn vinh tổ chức, cá nhân có đóng góp nổi bật trong truyền thông khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.".into()),
        // Zero working days so the tour can finish today; real programmes use 10.
        notice_working_days: 0,
        schedule: Schedule::default(),
        holidays: vec![date!(2026 - 09 - 02)],
    })).await?;
    for c in categories() {
        d.prog(&admin, pid, ProgrammeCommand::AddCategory(c))
            .await?;
    }
    let panel_id = s.app.new_id();
    d.prog(
        &admin,
        pid,
        ProgrammeCommand::FormPanel(PanelSpec {
            panel_id,
            name: "Hội đồng xét chọn Giải thưởng 2026".into(),
            category_codes: vec!["CA-NHAN".into(), "TAP-THE".into()],
            members: members
                .iter()
                .filter_map(Actor::user_id)
                .map(|user_id| PanelMember {
                    user_id,
                    agency_id: None,
                })
                .collect(),
            chair_id: members[0].user_id().unwrap_or_default(),
            reviewers_per_nomination: None,
        }),
    )
    .await?;

    // Nominating.
    d.phase(pid, Phase::Nominating).await?;
    let cn = "CA-NHAN";
    let duc = d
        .draft(
            &clerks[&vtv],
            pid,
            cn,
            person(
                "Nguyễn Văn Đức",
                "Biên tập viên",
                "Ban Khoa giáo, Đài Truyền hình Việt Nam",
                "Hà Nội",
            ),
            "Loạt phóng sự \"Chuyển đổi số từ cơ sở\"",
        )
        .await?;
    let ha = d
        .draft(
            &clerks[&vne],
            pid,
            cn,
            person("Trần Thị Thu Hà", "Phóng viên", "Báo VnExpress", "Hà Nội"),
            "Chuyên mục Khoa học và Đổi mới sáng tạo",
        )
        .await?;
    let tuan = d
        .draft(
            &clerks[&qn],
            pid,
            cn,
            person(
                "Lê Minh Tuấn",
                "Phó Giám đốc Sở Khoa học và Công nghệ",
                "UBND tỉnh Quảng Ninh",
                "Quảng Ninh",
            ),
            "Mô hình chính quyền số tỉnh Quảng Ninh",
        )
        .await?;
    let lan = d
        .draft(
            &clerks[&vnu],
            pid,
            cn,
            person(
                "Phạm Thị Lan",
                "Giảng viên",
                "Trường Đại học Khoa học Tự nhiên, ĐHQGHN",
                "Hà Nội",
            ),
            "Chuỗi bài giảng phổ biến khoa học",
        )
        .await?;
    let viet = d
        .draft(
            &clerks[&vne],
            pid,
            cn,
            person(
                "Hoàng Quốc Việt",
                "Thư ký tòa soạn",
                "Báo VnExpress",
                "Hà Nội",
            ),
            "Dự án dữ liệu mở về đổi mới sáng tạo",
        )
        .await?;
    let mai = d
        .draft(
            &clerks[&qn],
            pid,
            cn,
            person(
                "Vũ Thị Mai",
                "Chuyên viên",
                "Sở Thông tin và Truyền thông Quảng Ninh",
                "Quảng Ninh",
            ),
            "Ứng dụng Quảng Ninh số",
        )
        .await?;
    let nam = d
        .draft(
            &clerks[&vnu],
            pid,
            cn,
            person(
                "Bùi Văn Nam",
                "Nghiên cứu viên",
                "Viện Công nghệ Thông tin, ĐHQGHN",
                "Hà Nội",
            ),
            "Nền tảng học liệu số",
        )
        .await?;
    let _hong = d
        .draft(
            &clerks[&vtv],
            pid,
            cn,
            person(
                "Đỗ Thị Hồng",
                "Phóng viên",
                "Đài Truyền hình Việt Nam",
                "Hà Nội",
            ),
            "Chương trình \"Nhà khoa học trẻ\"",
        )
        .await?;
    let anh = d
        .draft(
            &clerks[&vnu],
            pid,
            cn,
            person(
                "Ngô Đức Anh",
                "Trưởng phòng Truyền thông",
                "Đại học Quốc gia Hà Nội",
                "Hà Nội",
            ),
            "Chiến dịch \"Khoa học cho mọi người\"",
        )
        .await?;
    let huong = d
        .draft(
            &clerks[&qn],
            pid,
            cn,
            person(
                "Lý Thị Hương",
                "Biên tập viên",
                "Trung tâm Truyền thông tỉnh Quảng Ninh",
                "Quảng Ninh",
            ),
            "Chuyên đề \"Quảng Ninh đổi mới sáng tạo\"",
        )
        .await?;
    let phuc = d
        .draft(
            &clerks[&qn],
            pid,
            cn,
            person(
                "Mai Văn Phúc",
                "Kỹ sư",
                "Trung tâm Điều hành thông minh Quảng Ninh",
                "Quảng Ninh",
            ),
            "Trung tâm điều hành thông minh",
        )
        .await?;
    let vtv_team = d
        .draft(
            &clerks[&vtv],
            pid,
            "TAP-THE",
            team("Ban Khoa giáo", "Đài Truyền hình Việt Nam", "Hà Nội"),
            "Chương trình \"Khoa học và Cuộc sống\"",
        )
        .await?;
    let vnu_team = d
        .draft(
            &clerks[&vnu],
            pid,
            "TAP-THE",
            team("Phòng Truyền thông", "Đại học Quốc gia Hà Nội", "Hà Nội"),
            "Kênh phổ biến khoa học của ĐHQGHN",
        )
        .await?;
    let submitted = [
        (vtv, duc),
        (vne, ha),
        (qn, tuan),
        (vnu, lan),
        (vne, viet),
        (qn, mai),
        (vnu, nam),
        (vnu, anh),
        (qn, huong),
        (qn, phuc),
        (vtv, vtv_team),
        (vnu, vnu_team),
    ];
    for (agency, n) in submitted {
        d.prog(
            &heads[&agency],
            pid,
            ProgrammeCommand::SubmitNomination {
                nomination_id: n,
                history: vec![],
            },
        )
        .await?;
    }
    d.prog(
        &heads[&vnu],
        pid,
        ProgrammeCommand::WithdrawNomination {
            nomination_id: nam,
            reason: "Đơn vị rút để bổ sung hồ sơ năm sau".into(),
        },
    )
    .await?;

    // Screening.
    d.phase(pid, Phase::Screening).await?;
    for n in [duc, ha, tuan, lan, viet, anh, huong, vtv_team, vnu_team] {
        d.prog(
            &admin,
            pid,
            ProgrammeCommand::ScreenNomination {
                nomination_id: n,
                eligible: true,
                reason: "Hồ sơ đầy đủ, đúng đối tượng".into(),
            },
        )
        .await?;
    }
    d.prog(
        &admin,
        pid,
        ProgrammeCommand::ScreenNomination {
            nomination_id: mai,
            eligible: false,
            reason: "Thành tích ngoài lĩnh vực của giải thưởng".into(),
        },
    )
    .await?;
    d.prog(
        &admin,
        pid,
        ProgrammeCommand::ReturnNomination {
            nomination_id: phuc,
            reason: "Thiếu minh chứng về hiệu quả truyền thông".into(),
        },
    )
    .await?;

    // Review: every member reviews everything; the VTV member is recused from VTV's.
    d.phase(pid, Phase::Reviewing).await?;
    d.prog(
        &admin,
        pid,
        ProgrammeCommand::AssignReviewers {
            panel_id,
            seed: s.app.new_seed(),
        },
    )
    .await?;
    let scores: [(Uuid, u32); 9] = [
        (ha, 10),
        (tuan, 9),
        (viet, 9),
        (duc, 9),
        (anh, 8),
        (huong, 6),
        (lan, 5),
        (vtv_team, 9),
        (vnu_team, 5),
    ];
    for m in &members[..3] {
        for (n, v) in scores {
            let sheet = BTreeMap::from([
                ("tac_dong".to_owned(), v),
                ("sang_tao".to_owned(), v),
                ("lan_toa".to_owned(), v.saturating_sub(1)),
            ]);
            d.prog(
                m,
                pid,
                ProgrammeCommand::RecordScores {
                    nomination_id: n,
                    scores: sheet,
                    comment: Some("Đề nghị xem xét".into()),
                },
            )
            .await?;
        }
    }

    // Voting: secret ballots; member 6 is absent and votes in writing on two.
    d.phase(pid, Phase::Voting).await?;
    use Choice::{Abstain as B, Approve as A, Reject as R};
    let plan: [(Uuid, [Choice; 7]); 9] = [
        (ha, [A, A, A, A, A, A, A]),
        (tuan, [A, A, A, A, A, A, R]),
        (viet, [A, A, A, A, A, A, B]),
        (duc, [A, A, A, A, A, A, A]), // member 7 is recused: 6 eligible
        (anh, [A, A, A, A, A, B, B]),
        (huong, [A, A, A, A, A, R, R]),
        (lan, [A, A, A, R, R, R, R]),
        (vtv_team, [A, A, A, A, A, R, A]), // member 7 is recused
        (vnu_team, [A, A, R, R, R, R, B]),
    ];
    for (n, choices) in plan {
        for (i, choice) in choices.into_iter().enumerate() {
            let Some(m) = members.get(i) else { continue };
            let recused = i == 6 && (n == duc || n == vtv_team);
            if recused {
                continue;
            }
            if i == 5 && (n == lan || n == huong) {
                let member_id = m.user_id().unwrap_or_default();
                d.prog(
                    &admin,
                    pid,
                    ProgrammeCommand::EnterAbsenteeBallot {
                        nomination_id: n,
                        member_id,
                        choice,
                    },
                )
                .await?;
            } else {
                d.prog(
                    m,
                    pid,
                    ProgrammeCommand::CastBallot {
                        nomination_id: n,
                        choice,
                    },
                )
                .await?;
            }
        }
    }
    for code in ["CA-NHAN", "TAP-THE"] {
        d.prog(
            &members[0],
            pid,
            ProgrammeCommand::CloseRound {
                category_code: code.into(),
                opened: BTreeMap::new(),
            },
        )
        .await?;
    }

    // Public notice: one objection upheld, one dismissed.
    d.phase(pid, Phase::PublicNotice).await?;
    for (n, upheld, text) in [
        (viet, true, "Dự án đã được khen thưởng ở cấp bộ năm 2025"),
        (ha, false, "Chuyên mục do nhiều người cùng thực hiện"),
    ] {
        let objection_id = s.app.new_id();
        d.prog(
            &Actor::Public,
            pid,
            ProgrammeCommand::FileObjection(FileObjection {
                objection_id,
                nomination_id: n,
                objector_person_id: s.app.new_id(),
                objector: Objector {
                    full_name: "Nguyễn Văn Kiến".into(),
                    phone: "0912 345 678".into(),
                    address: "Cầu Giấy, Hà Nội".into(),
                    email: None,
                },
                text: text.into(),
            }),
        )
        .await?;
        let reason = if upheld {
            "Đã xác minh: thành tích trùng với khen thưởng trước"
        } else {
            "Cá nhân là tác giả chính theo xác nhận của tòa soạn"
        };
        d.prog(
            &admin,
            pid,
            ProgrammeCommand::ResolveObjection {
                objection_id,
                upheld,
                reason: reason.into(),
            },
        )
        .await?;
    }

    // Decision, publication, one revocation.
    d.phase(pid, Phase::Deciding).await?;
    d.prog(
        &authority,
        pid,
        ProgrammeCommand::MakeDecision {
            decision_no: "1234/QĐ-BKHCN".into(),
            decided_on: date!(2026 - 11 - 20),
            signer: "Bộ trưởng Bộ Khoa học và Công nghệ".into(),
            declined: vec![Decline {
                nomination_id: anh,
                reason: "Đề nghị xét ở đợt sau khi có thêm minh chứng".into(),
            }],
        },
    )
    .await?;
    d.phase(pid, Phase::Published).await?;
    let award = s
        .app
        .programme(pid)
        .await?
        .nominations
        .get(&tuan)
        .and_then(|n| n.award_id);
    if let Some(award_id) = award {
        d.prog(
            &authority,
            pid,
            ProgrammeCommand::RevokeAward {
                award_id,
                ground: RevocationGround::FalseDossier,
                decision_no: "1301/QĐ-BKHCN".into(),
                decided_on: date!(2026 - 11 - 25),
                note: Some("Hồ sơ kê khai không đúng sự thật".into()),
            },
        )
        .await?;
    }

    // Next year's edition, open for nominations.
    let next = s.app.new_id();
    d.prog(&admin, next, ProgrammeCommand::Create(CreateProgramme {
        programme_id: next,
        title: "Giải thưởng Truyền thông Khoa học, Công nghệ, Đổi mới sáng tạo và Chuyển đổi số 2027".into(),
        year: 2027,
        description: None,
        notice_working_days: 10,
        schedule: Schedule::default(),
        holidays: vec![],
    })).await?;
    let [individual, _] = categories();
    d.prog(&admin, next, ProgrammeCommand::AddCategory(individual))
        .await?;
    d.phase(next, Phase::Nominating).await?;
    let n = d
        .draft(
            &clerks[&vtv],
            next,
            "CA-NHAN",
            person(
                "Đỗ Thị Hồng",
                "Phóng viên",
                "Đài Truyền hình Việt Nam",
                "Hà Nội",
            ),
            "Chương trình \"Nhà khoa học trẻ\"",
        )
        .await?;
    d.prog(
        &heads[&vtv],
        next,
        ProgrammeCommand::SubmitNomination {
            nomination_id: n,
            history: vec![],
        },
    )
    .await?;
    Ok(Seeded {
        programme_id: pid,
        next_programme_id: next,
    })
}
