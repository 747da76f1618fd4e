//! A whole award cycle through the HTTP API with distinctive people, shared by the scan and
//! the erasure tests.

use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::api::support::{PASSWORD, TestApp, category, ninety_percent};

/// Someone whose data the cycle writes: every value is unusual enough that finding it
/// anywhere means it leaked.
#[derive(Debug, Clone, Copy)]
pub struct Who {
    pub name: &'static str,
    pub email: &'static str,
    /// Nominees: position and work unit (the public record of a conferred award).
    pub position: &'static str,
    pub organisation: &'static str,
    pub birth_year: i32,
    pub national_id: &'static str,
    /// Objectors.
    pub phone: &'static str,
    pub address: &'static str,
}

const NOBODY: Who = Who {
    name: "",
    email: "",
    position: "",
    organisation: "",
    birth_year: 0,
    national_id: "",
    phone: "",
    address: "",
};

impl Who {
    /// The text values to look for (names, contacts, ids), without the empty ones.
    pub fn texts(&self) -> Vec<&'static str> {
        [
            self.name,
            self.email,
            self.position,
            self.organisation,
            self.national_id,
            self.phone,
            self.address,
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect()
    }

    /// The birth year as JSON writes it (a bare year would match dates and counters).
    pub fn birth_year_json(&self) -> Option<String> {
        (self.birth_year != 0).then(|| format!("\"birth_year\":{}", self.birth_year))
    }
}

/// X: nominated by agency 1, conferred.
pub const X: Who = Who {
    name: "Khổng Thị Huyền Trâm",
    email: "huyentram.khong71@phuongvy.vn",
    position: "Trưởng ban Chuyên đề Quỳnh Nga",
    organisation: "Tòa soạn Phượng Vỹ Đường",
    birth_year: 1971,
    national_id: "001171009876",
    ..NOBODY
};
/// Z: nominated by agency 2, rejected by the council.
pub const Z: Who = Who {
    name: "Mạc Đĩnh Chiếu Sương",
    email: "dinhchieusuong@ngochoiloc.vn",
    position: "Kỹ sư trưởng Thủy văn Ộc",
    organisation: "Viện Thủy văn Ngọc Hồi Lộc",
    birth_year: 1984,
    national_id: "038184012345",
    ..NOBODY
};
/// Y: a citizen objecting to X during the public notice (dismissed).
pub const Y: Who = Who {
    name: "Tôn Nữ Thị Ửng Hồng",
    email: "unghong.tonnu@hopthu.vn",
    phone: "0363918274",
    address: "Số 17 ngõ Quỳnh Mai, phường Vĩnh Tuy",
    ..NOBODY
};
/// H: an award holder imported from the paper records.
pub const H: Who = Who {
    name: "Lạc Long Quân Ngữ",
    position: "Tổng biên tập Lạc Việt",
    organisation: "Nhà xuất bản Giáo dục Lạc Việt",
    birth_year: 1955,
    national_id: "026155001122",
    ..NOBODY
};
/// The users: clerk and head of each agency, three council members (the first chairs),
/// the authority.
pub const USERS: [(&str, &str, &str); 8] = [
    ("Lưu Ngọc Bảo Khuê", "baokhue.luu@khpt.vn", "clerk"),
    ("Âu Dương Mẫn Nhi", "mannhi.audg@khpt.vn", "head"),
    (
        "Giáp Văn Thượng Khải",
        "thuongkhai.giap@tiasang.vn",
        "clerk",
    ),
    ("Cù Thị Yến Oanh", "yenoanh.cu@tiasang.vn", "head"),
    ("Đoàn Thế Vỹ Hiển", "vyhien.doan@hoidong.vn", "member"),
    ("Ninh Thị Ỷ Lan", "ylan.ninh@hoidong.vn", "member"),
    ("Thạch Sanh Đức Bổn", "ducbon.thach@hoidong.vn", "member"),
    (
        "Bạch Thái Bưởi Hưng",
        "buoihung.bach@bokhcn.vn",
        "authority",
    ),
];

/// What [`cycle`] built.
pub struct Cycle {
    pub admin: String,
    /// Tokens in [`USERS`]' order.
    pub tokens: Vec<String>,
    /// User ids in [`USERS`]' order.
    pub user_ids: Vec<Uuid>,
    pub a1: Uuid,
    pub pid: Uuid,
    pub prog: String,
    pub n_x: Uuid,
    pub n_z: Uuid,
    /// Set once the public notice ran.
    pub objection: Option<Uuid>,
    pub award: Option<Uuid>,
    /// The ballot vault's files (`ballots/`, `ballot-keys/`) as they were while the vote was
    /// open: closing the round destroys them.
    pub vault_files: Vec<(String, Vec<u8>)>,
}

impl Cycle {
    pub fn clerk1(&self) -> &str {
        &self.tokens[0]
    }
    pub fn clerk2(&self) -> &str {
        &self.tokens[2]
    }
    pub fn chair(&self) -> &str {
        &self.tokens[4]
    }
    pub fn authority(&self) -> &str {
        &self.tokens[7]
    }
}

/// How far [`cycle`] goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Until {
    /// The council voted and the round is closed (mails of the result owed).
    Voted,
    /// The decision published, after a public notice with Y's objection to X (dismissed).
    Published,
}

pub fn nominee_body(who: &Who) -> Value {
    json!({
        "category_code": "IND",
        "nominee": {"kind": "individual", "full_name": who.name, "position": who.position,
                    "organisation": who.organisation, "province": "Hà Nội", "email": who.email,
                    "birth_year": who.birth_year, "national_id": who.national_id},
        "citation": "Vì đóng góp xuất sắc cho truyền thông khoa học",
        "achievements": "Nhiều loạt bài có sức lan tỏa",
        "evidence": [{"title": "Loạt bài", "url": "https://example.vn/loat-bai"}]
    })
}

/// Imports the rows (JSON lines) as the admin (200).
pub async fn import(t: &TestApp, admin: &str, rows: &[Value]) -> Value {
    let body: String = rows.iter().map(|r| format!("{r}\n")).collect();
    let res = TestApp::send(
        t.request(Method::POST, "/api/v1/imports/awards", Some(admin))
            .header("content-type", "application/x-ndjson")
            .body(body),
    )
    .await;
    assert_eq!(res.status.as_u16(), 200, "import: {}", res.body);
    res.body
}

/// The whole cycle through the API: two agencies, eight users, an imported award of H, X
/// and Z nominated, screened, voted on in secret (X passes, Z fails); then (`Published`) the
/// public notice with Y's objection to X, dismissed, the decision and its publication.
pub async fn cycle(t: &TestApp, until: Until) -> Cycle {
    let admin = t.admin().await;
    let a1 = t.agency(&admin, "Báo Khoa học Phổ thông", "KHPT").await;
    let a2 = t.agency(&admin, "Tạp chí Tia Sáng", "TIASANG").await;
    let mut tokens = Vec::new();
    let mut user_ids = Vec::new();
    for (i, (name, email, role)) in USERS.iter().enumerate() {
        let agency = match i {
            0 | 1 => Some(a1),
            2 | 3 => Some(a2),
            _ => None,
        };
        let body = json!({"email": email, "full_name": name, "role": role,
                          "agency_id": agency, "password": PASSWORD});
        let id = t
            .expect(201, Method::POST, "/api/v1/users", Some(&admin), Some(body))
            .await
            .id();
        user_ids.push(id);
        tokens.push(t.sign_in(email, PASSWORD).await);
    }
    import(
        t,
        &admin,
        &[
            json!({"person_id": Uuid::new_v4(), "full_name": H.name, "position": H.position,
                 "organisation": H.organisation, "birth_year": H.birth_year,
                 "national_id": H.national_id, "award_title": "Bằng khen", "year": 2024}),
        ],
    )
    .await;
    let (pid, prog) = t
        .programme(
            &admin,
            json!({"title": "Giải thưởng Truyền thông KH&CN 2026", "year": 2026,
                   "notice_working_days": 0}),
        )
        .await;
    t.add_category(&admin, &prog, category("IND", ninety_percent(), 2, Some(2)))
        .await;
    let members = user_ids[4..7].to_vec();
    t.add_panel(&admin, &prog, "Hội đồng", &["IND"], &members, members[0])
        .await;
    t.move_to(&admin, &prog, "nominating").await;
    let n_x = t.nominate(&tokens[0], &prog, nominee_body(&X)).await;
    let n_z = t.nominate(&tokens[2], &prog, nominee_body(&Z)).await;
    t.submit(&tokens[1], n_x).await;
    t.submit(&tokens[3], n_z).await;
    t.move_to(&admin, &prog, "screening").await;
    for n in [n_x, n_z] {
        t.screen_eligible(&admin, n, "đủ điều kiện").await;
    }
    t.move_to(&admin, &prog, "reviewing").await;
    t.move_to(&admin, &prog, "voting").await;
    for member in &tokens[4..7] {
        t.ballot(member, n_x, "approve").await;
        t.ballot(member, n_z, "reject").await;
    }
    let vault_files = vault_files(t);
    t.expect(
        200,
        Method::POST,
        &format!("{prog}/rounds/IND/close"),
        Some(&tokens[4]),
        None,
    )
    .await;
    let mut c = Cycle {
        admin,
        tokens,
        user_ids,
        a1,
        pid,
        prog,
        n_x,
        n_z,
        objection: None,
        award: None,
        vault_files,
    };
    if until >= Until::Published {
        publish(t, &mut c).await;
    }
    c
}

/// Every file of the ballot vault, read now.
fn vault_files(t: &TestApp) -> Vec<(String, Vec<u8>)> {
    let data = &t.server.state.config.data_dir;
    let mut out = Vec::new();
    for sub in ["ballots", "ballot-keys"] {
        for entry in std::fs::read_dir(data.join(sub)).into_iter().flatten() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(data).unwrap().display().to_string();
            out.push((name, std::fs::read(&path).unwrap()));
        }
    }
    out
}

/// The public notice (Y objects to X, dismissed), the decision (X conferred), publication.
async fn publish(t: &TestApp, c: &mut Cycle) {
    let (admin, prog) = (c.admin.clone(), c.prog.clone());
    t.move_to(&admin, &prog, "public_notice").await;
    let objection = t
        .expect(
            201,
            Method::POST,
            &format!("/api/v1/public/nominations/{}/objections", c.n_x),
            None,
            Some(
                json!({"full_name": Y.name, "phone": Y.phone, "address": Y.address,
                        "email": Y.email, "text": "Thành tích chưa được xác minh đầy đủ"}),
            ),
        )
        .await
        .id();
    t.expect(
        200,
        Method::POST,
        &format!("/api/v1/objections/{objection}/resolution"),
        Some(&admin),
        Some(json!({"upheld": false, "reason": "đã xác minh, thành tích đúng"})),
    )
    .await;
    t.move_to(&admin, &prog, "deciding").await;
    let decision = t
        .expect(
            200,
            Method::POST,
            &format!("{prog}/decision"),
            Some(c.authority()),
            Some(
                json!({"decision_no": "456/QĐ-BKHCN", "decided_on": "2026-04-20",
                        "signer": "Bộ trưởng"}),
            ),
        )
        .await;
    let awards = decision.body["awards"].as_array().unwrap();
    assert_eq!(awards.len(), 1, "{}", decision.body);
    assert_eq!(awards[0]["nomination_id"], c.n_x.to_string());
    c.award = Some(awards[0]["award_id"].as_str().unwrap().parse().unwrap());
    c.objection = Some(objection);
    t.move_to(&admin, &prog, "published").await;
}

/// Everything of `who` that must be gone, as texts to look for.
pub fn all_of(who: &Who) -> Vec<String> {
    let mut v: Vec<String> = who.texts().into_iter().map(str::to_owned).collect();
    v.extend(who.birth_year_json());
    v
}
