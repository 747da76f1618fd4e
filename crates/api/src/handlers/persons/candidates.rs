//! `GET /api/v1/persons/candidates?full_name=&birth_year=&organisation=&national_id=`.

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use accolade_app::actions::Ask;
use accolade_app::actions::persons::{Candidate, CandidateQuery};
use accolade_events::NomineeKind;
use accolade_http::authz::Caller;
use accolade_http::error::ApiResult;
use accolade_http::extract::ApiQuery;
use accolade_http::reply;
use accolade_http::state::AppState;

/// Who the nominee is, as typed on the nomination form.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// The nominee's full name.
    pub full_name: String,
    /// individual | collective.
    #[param(schema_with = accolade_http::schema::nominee_kind)]
    pub kind: Option<NomineeKind>,
    /// The birth year, if known.
    pub birth_year: Option<i32>,
    /// The work unit, if known.
    pub organisation: Option<String>,
    /// The national id number (CCCD), if known.
    pub national_id: Option<String>,
}

/// A person the nominee may be.
#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateBody {
    /// Send it as `person_id` when creating the nomination to link this person.
    pub person_id: Uuid,
    /// The name as recorded.
    pub full_name: String,
    /// The work unit as recorded.
    pub organisation: String,
    /// The birth year as recorded, if any.
    pub birth_year: Option<i32>,
    /// award_history | award | nomination.
    pub source: String,
    /// The nomination the person is known from (source award or nomination).
    pub nomination_id: Option<Uuid>,
}

impl From<Candidate> for CandidateBody {
    fn from(c: Candidate) -> Self {
        Self {
            person_id: c.person_id,
            full_name: c.full_name,
            organisation: c.organisation,
            birth_year: c.birth_year,
            source: c.source.to_owned(),
            nomination_id: c.nomination_id,
        }
    }
}

/// The candidates' list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Candidates {
    /// Best matches first (national id, then name and birth year, then name and work unit),
    /// at most 20.
    pub items: Vec<CandidateBody>,
}

/// People a clerk's nominee may be (clerk or head): award holders, imported or conferred, and
/// the agency's own nominees, matched on keyed hashes, never on plaintext; never another
/// agency's nominations. Link one with `person_id` on the nomination, or declare a new person
/// by sending none: people are never merged automatically.
#[utoipa::path(get, operation_id = "listPersonCandidates", path = "/api/v1/persons/candidates", tag = "nominations", params(Query),
    responses((status = 200, description = "Candidates", body = Candidates)),
    security(("bearer" = [])))]
pub async fn candidates(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<Query>,
) -> ApiResult<Response> {
    let query = CandidateQuery {
        kind: q.kind,
        full_name: q.full_name,
        birth_year: q.birth_year,
        organisation: q.organisation,
        national_id: q.national_id,
    };
    let items = s
        .node
        .persons()
        .candidates(&Ask::by(caller.0), query)
        .await?;
    Ok(reply::ok(Candidates {
        items: items.into_iter().map(Into::into).collect(),
    }))
}
