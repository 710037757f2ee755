//! The team server, driven in-process over its real stores: SQLite files
//! and PostgreSQL schemas (`ROUND2_TEST_PG`, which `scripts/test` starts).

mod browser;
mod flows;
mod matrix;
mod proxy;
mod support;

mod sqlite {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn authorization_matrix() {
        crate::matrix::run(crate::support::sqlite()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_coach_comments_and_assigns_and_the_candidate_replies() {
        crate::flows::coach_and_candidate(crate::support::sqlite()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn logins_are_limited_and_tell_no_one_who_exists() {
        crate::flows::login_limits(crate::support::sqlite()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn forms_from_elsewhere_and_scripts_in_comments_are_refused() {
        crate::flows::csrf_origin_and_escaping(crate::support::sqlite()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_invitation_link_sets_a_password_once() {
        crate::flows::invitations(crate::support::sqlite()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn behind_a_trusted_proxy_the_login_limit_counts_each_client() {
        crate::proxy::the_limit_counts_the_client_behind_the_proxy(true).await;
        crate::proxy::the_limit_counts_the_client_behind_the_proxy(false).await;
    }
}

mod postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn authorization_matrix() {
        crate::matrix::run(crate::support::postgres("matrix")).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_coach_comments_and_assigns_and_the_candidate_replies() {
        crate::flows::coach_and_candidate(crate::support::postgres("flow")).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn logins_are_limited_and_tell_no_one_who_exists() {
        crate::flows::login_limits(crate::support::postgres("limits")).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn forms_from_elsewhere_and_scripts_in_comments_are_refused() {
        crate::flows::csrf_origin_and_escaping(crate::support::postgres("csrf")).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_invitation_link_sets_a_password_once() {
        crate::flows::invitations(crate::support::postgres("invite")).await;
    }

    /// Two servers over one database: what one writes the other answers
    /// with at once (nothing an instance keeps would be missed).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_instances_share_sessions_and_comments() {
        crate::flows::two_instances(crate::support::pg_location("two")).await;
    }
}
