<?php
// seed.php DOCROOT BASE_URL install|content STATE_DIR [EXTRA_POSTS]
//   install: run WordPress's installer (wp_install) if the site is not installed yet
//   content: users, categories, tags, an image, 21 posts (one hostile), a draft, a page,
//            comments, an Application Password, and EXTRA_POSTS generated posts (default 0);
//            skipped when the stored seed version (SEED_VERSION plus EXTRA_POSTS) matches.
// Run by up.sh with the PHP CLI (no HTTP involved).
if (PHP_SAPI !== 'cli' || $argc < 5) { fwrite(STDERR, "usage: php seed.php DOCROOT BASE install|content STATE [EXTRA_POSTS]\n"); exit(2); }
[, $docroot, $base, $mode, $state] = $argv;
$extra = $argv[5] ?? '0';
if (!ctype_digit($extra)) { fwrite(STDERR, "seed: EXTRA_POSTS must be a whole number, not '$extra'\n"); exit(2); }
$extra = (int) $extra;
// Bump SEED_VERSION whenever seed.php or seed-data.php changes: the next up.sh reseeds.
//   4: zo-reader's copy: adds the post 'hostile-escapes' and its tag 'hostile', inserts with
//      kses off and slashed data, and can generate EXTRA_POSTS more posts.
const SEED_VERSION = '4';
$version = SEED_VERSION . '+extra' . $extra;

$u = parse_url($base);
$_SERVER['HTTP_HOST'] = $u['host'] . (isset($u['port']) ? ':' . $u['port'] : '');
$_SERVER['SERVER_NAME'] = $u['host'];
$_SERVER['SERVER_PORT'] = $u['port'] ?? 80;
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';

if ($mode === 'install') {
    define('WP_INSTALLING', true);
    require $docroot . '/wp-load.php';
    require_once ABSPATH . 'wp-admin/includes/upgrade.php';
    if (is_blog_installed()) { echo "seed: WordPress already installed\n"; exit(0); }
    $r = wp_install('Steady Ground', 'admin', 'admin@example.com', true, '', 'zo-reader-wp-admin', 'en_US');
    echo "seed: WordPress installed (admin user id {$r['user_id']})\n";
    exit(0);
}
if ($mode !== 'content') { fwrite(STDERR, "unknown mode $mode\n"); exit(2); }

require $docroot . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/post.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/media.php';

if (get_option('zo_reader_seed_version') === $version) { echo "seed: content already seeded (v$version)\n"; exit(0); }
$t0 = microtime(true);
wp_set_current_user(1);
// Store what the fixture says, byte for byte. An administrator has unfiltered_html, so kses
// would not run anyway; removing its filters keeps that true under DISALLOW_UNFILTERED_HTML
// and makes the point explicit for the hostile post's control characters.
kses_remove_filters();

// --- site settings ---------------------------------------------------------
update_option('blogname', 'Steady Ground');
update_option('blogdescription', 'Notes on wellbeing & relationships (test fixture)');
update_option('timezone_string', 'UTC');
update_option('gmt_offset', 0);
update_option('posts_per_page', 10);
update_option('default_comment_status', 'open');
global $wp_rewrite, $wpdb;
$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%postname%/');
flush_rewrite_rules(false);

// --- wipe defaults and any earlier seed (throwaway site) -------------------------
// Emptying the tables is instant where wp_delete_post would take seconds for a thousand
// posts; it also restarts the ids, though tests should still look posts up by slug.
foreach ([$wpdb->posts, $wpdb->postmeta, $wpdb->comments, $wpdb->commentmeta, $wpdb->term_relationships] as $table) {
    $wpdb->query("TRUNCATE TABLE $table");
}
$keep = (int) get_option('default_category');
foreach ([$wpdb->termmeta, $wpdb->term_taxonomy, $wpdb->terms] as $table) {
    $wpdb->query($wpdb->prepare("DELETE FROM $table WHERE term_id <> %d", $keep));
}
$wpdb->query("UPDATE $wpdb->term_taxonomy SET count = 0");
$wpdb->query("ALTER TABLE $wpdb->terms AUTO_INCREMENT = 1");
$wpdb->query("ALTER TABLE $wpdb->term_taxonomy AUTO_INCREMENT = 1");
update_option('sticky_posts', []);
delete_option('category_children');
wp_cache_flush();
$uploads = wp_upload_dir(null, false)['basedir'];
if (is_dir($uploads)) {
    $it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($uploads, FilesystemIterator::SKIP_DOTS),
                                        RecursiveIteratorIterator::CHILD_FIRST);
    foreach ($it as $f) { $f->isDir() ? rmdir($f->getPathname()) : unlink($f->getPathname()); }
}

// One transaction for all inserts: InnoDB then flushes its log once instead of per row.
$wpdb->query('START TRANSACTION');
wp_defer_term_counting(true);
wp_defer_comment_counting(true);

// --- users -----------------------------------------------------------------
wp_update_user(['ID' => 1, 'display_name' => 'Alex Morgan', 'first_name' => 'Alex',
                'last_name' => 'Morgan', 'nickname' => 'Alex', 'user_url' => 'https://example.com/alex',
                'description' => 'Writes about boundaries, sleep and the small habits that hold a week together.']);
$sam = get_user_by('login', 'sam');
$samId = $sam ? $sam->ID : wp_insert_user([
    'user_login' => 'sam', 'user_pass' => 'zo-reader-wp-sam', 'user_email' => 'sam@example.com',
    'display_name' => 'Sam Rivera', 'first_name' => 'Sam', 'last_name' => 'Rivera',
    'role' => 'author', 'description' => 'Family therapist in training. Likes long walks and short emails.']);
if (is_wp_error($samId)) { fwrite(STDERR, $samId->get_error_message() . "\n"); exit(1); }
$authors = ['admin' => 1, 'sam' => $samId];

// --- taxonomy ----------------------------------------------------------------
$data = require __DIR__ . '/seed-data.php';
$catIds = [];
foreach ($data['categories'] as $slug => [$name, $desc]) {
    $t = wp_insert_term($name, 'category', ['slug' => $slug, 'description' => $desc]);
    if (is_wp_error($t)) { fwrite(STDERR, "category $slug: " . $t->get_error_message() . "\n"); exit(1); }
    $catIds[$slug] = $t['term_id'];
}
$tagIds = [];
$tagNames = $data['tags'] + ($extra > 0 ? $data['generated']['tags'] : []);
foreach ($tagNames as $slug => $name) {
    $t = wp_insert_term($name, 'post_tag', ['slug' => $slug]);
    if (is_wp_error($t)) { fwrite(STDERR, "tag $slug: " . $t->get_error_message() . "\n"); exit(1); }
    $tagIds[$slug] = $t['term_id'];
}

// --- an image (made with GD, no network) -------------------------------------
$img = imagecreatetruecolor(640, 360);
for ($y = 0; $y < 360; $y++) {  // sky-to-lake gradient
    $c = imagecolorallocate($img, 90 + intdiv($y, 6), 140 + intdiv($y, 8), 200 - intdiv($y, 5));
    imageline($img, 0, $y, 639, $y, $c);
}
imagefilledellipse($img, 480, 90, 70, 70, imagecolorallocate($img, 250, 230, 160));
ob_start(); imagepng($img); $png = ob_get_clean();
$up = wp_upload_bits('calm-lake.png', null, $png, '2024/02');
if (!empty($up['error'])) { fwrite(STDERR, "upload: {$up['error']}\n"); exit(1); }
$attId = wp_insert_attachment(['post_mime_type' => 'image/png', 'post_title' => 'Calm lake at dusk',
    'post_content' => '', 'post_status' => 'inherit', 'post_excerpt' => 'A generated gradient standing in for a photo.'],
    $up['file']);
wp_update_attachment_metadata($attId, wp_generate_attachment_metadata($attId, $up['file']));
update_post_meta($attId, '_wp_attachment_image_alt', 'A calm lake under a pale evening sky');
$imgUrl = wp_get_attachment_url($attId);

// insert_post FIELDS TAGS: wp_insert_post expects slashed input (it unslashes), so slash it,
// or a backslash in the fixture would be lost. Exits on error.
function insert_post(array $fields, array $tagIds): int {
    $id = wp_insert_post(wp_slash($fields), true);
    if (is_wp_error($id)) { fwrite(STDERR, "post {$fields['post_name']}: " . $id->get_error_message() . "\n"); exit(1); }
    wp_set_object_terms($id, $tagIds, 'post_tag');
    return $id;
}

// --- posts -------------------------------------------------------------------
$ids = [];
$start = strtotime('2024-01-08 09:00:00 UTC');
foreach ($data['posts'] as $i => $p) {
    $date = gmdate('Y-m-d H:i:s', $start + $i * 6 * 86400 + $i * 1800);
    $content = strtr($p['body'], ['{{IMG_URL}}' => $imgUrl, '{{IMG_ID}}' => $attId, '{{BASE}}' => home_url()]);
    $id = insert_post([
        'post_type' => 'post', 'post_status' => $p['status'] ?? 'publish',
        'post_title' => $p['title'], 'post_name' => $p['slug'], 'post_content' => $content,
        'post_excerpt' => $p['excerpt'] ?? '', 'post_author' => $authors[$p['author']],
        'post_date' => $date, 'post_date_gmt' => $date,
        'post_category' => array_map(fn($s) => $catIds[$s], $p['cats']),
        'comment_status' => 'open',
    ], array_map(fn($s) => (int) $tagIds[$s], $p['tags']));
    if (!empty($p['sticky'])) stick_post($id);
    if (!empty($p['featured'])) set_post_thumbnail($id, $attId);
    $ids[$p['slug']] = $id;
}
// internal links: {{LINK:slug}} -> permalink, once every post has an ID
foreach ($ids as $slug => $id) {
    $c = get_post_field('post_content', $id, 'raw');
    if (strpos($c, '{{LINK:') === false) continue;
    $c = preg_replace_callback('/\{\{LINK:([a-z0-9-]+)\}\}/', fn($m) => get_permalink($ids[$m[1]]), $c);
    wp_update_post(wp_slash(['ID' => $id, 'post_content' => $c]));
}
wp_update_post(['ID' => $attId, 'post_parent' => $ids['loneliness-is-common']]);

// a page, which must NOT show up in /wp/v2/posts
wp_insert_post(['post_type' => 'page', 'post_status' => 'publish', 'post_title' => 'About Steady Ground',
    'post_name' => 'about', 'post_author' => 1, 'post_date' => '2024-01-01 09:00:00', 'post_date_gmt' => '2024-01-01 09:00:00',
    'post_content' => "<p>Steady Ground is a fixture site: twenty short articles about wellbeing and relationships, written to exercise a terminal reader against the real WordPress REST API.</p>\n<p>Nothing here is medical advice.</p>"]);

// comments on two posts (for _embed "replies")
foreach ($data['comments'] as [$slug, $author, $text, $minutes]) {
    wp_insert_comment(wp_slash(['comment_post_ID' => $ids[$slug], 'comment_author' => $author,
        'comment_author_email' => strtolower(strtok($author, ' ')) . '@example.com', 'comment_content' => $text,
        'comment_approved' => 1, 'comment_date' => gmdate('Y-m-d H:i:s', strtotime(get_post_field('post_date_gmt', $ids[$slug]) . ' UTC') + $minutes * 60),
        'comment_date_gmt' => gmdate('Y-m-d H:i:s', strtotime(get_post_field('post_date_gmt', $ids[$slug]) . ' UTC') + $minutes * 60)]));
}

// --- generated posts (ZO_READER_WP_EXTRA_POSTS), for benchmarks on a large site ------
if ($extra > 0) {
    $g = $data['generated'];
    mt_srand(20240601);  // the same N gives the same posts on every machine
    $shuffled = function (array $a): array {  // Fisher-Yates with the seeded generator
        for ($i = count($a) - 1; $i > 0; $i--) {
            $j = mt_rand(0, $i);
            [$a[$i], $a[$j]] = [$a[$j], $a[$i]];
        }
        return $a;
    };
    $pick = fn(array $a) => $a[mt_rand(0, count($a) - 1)];
    $titles = [];
    foreach ($g['openers'] as $o) foreach ($g['topics'] as $t) foreach (array_unique($g['endings']) as $e) {
        $titles[] = [$o . ' ' . $t . $e, $t];
    }
    $titles = $shuffled($titles);
    $pool = array_values(array_diff(array_keys($tagIds), ['hostile']));
    $cats = array_values($catIds);
    $from = strtotime('2019-01-01 00:00:00 UTC');
    $to = strtotime('2025-12-31 23:59:59 UTC');
    // Each generated post would otherwise get pingback meta and a cron check (nothing pings here).
    remove_action('publish_post', '_publish_post_hook', 5);
    wp_suspend_cache_invalidation(true);
    for ($n = 0; $n < $extra; $n++) {
        [$title, $topic] = $titles[$n % count($titles)];
        if ($n >= count($titles)) $title .= ' (Part ' . (intdiv($n, count($titles)) + 1) . ')';
        $deck = [];
        $say = function (int $k) use (&$deck, $g, $shuffled, $topic): string {
            $out = [];
            while ($k-- > 0) {
                if (!$deck) $deck = $shuffled($g['sentences']);
                $out[] = str_replace('{topic}', strtolower($topic), array_pop($deck));
            }
            return implode(' ', $out);
        };
        $target = mt_rand(300, 560);
        $items = array_slice($shuffled($g['items']), 0, mt_rand(3, 5));
        $list = mt_rand(0, 1) ? 'ul' : 'ol';
        $blocks = [$say(mt_rand(3, 5)), $say(mt_rand(3, 5)), '<h2>' . $pick($g['headings']) . '</h2>',
                   $say(mt_rand(2, 4)),
                   "<$list>\n" . implode("\n", array_map(fn($s) => "\t<li>$s</li>", $items)) . "\n</$list>"];
        while (str_word_count(strip_tags(implode(' ', $blocks))) < $target) $blocks[] = $say(mt_rand(2, 4));
        $date = gmdate('Y-m-d H:i:s', mt_rand($from, $to));
        $chosen = array_slice($shuffled($pool), 0, mt_rand(2, 4));
        insert_post([
            'post_type' => 'post', 'post_status' => 'publish', 'post_title' => $title,
            'post_name' => sanitize_title($title) . '-' . ($n + 1), 'post_content' => implode("\n\n", $blocks),
            'post_author' => mt_rand(0, 1) ? 1 : $samId, 'post_date' => $date, 'post_date_gmt' => $date,
            'post_category' => [$pick($cats)], 'comment_status' => 'open',
        ], array_map(fn($s) => (int) $tagIds[$s], $chosen));
    }
    wp_suspend_cache_invalidation(false);
}

wp_defer_term_counting(false);   // counts every deferred term once
wp_defer_comment_counting(false);
$wpdb->query('COMMIT');
wp_cache_flush();

// --- an Application Password for the admin (authenticated REST calls) -------------
if (class_exists('WP_Application_Passwords')) {
    foreach (WP_Application_Passwords::get_user_application_passwords(1) as $ap) {
        if ($ap['name'] === 'zo-reader') WP_Application_Passwords::delete_application_password(1, $ap['uuid']);
    }
    $r = WP_Application_Passwords::create_new_application_password(1, ['name' => 'zo-reader']);
    if (!is_wp_error($r)) file_put_contents($state . '/app-password', $r[0]);
}

update_option('zo_reader_seed_version', $version);
printf("seed: %d posts (+1 draft), %d tags, %d categories, 1 page, 1 image, %d comments, %d generated posts in %.1f s\n",
    count(array_filter($data['posts'], fn($p) => ($p['status'] ?? 'publish') === 'publish')),
    count($tagIds), count($catIds), count($data['comments']), $extra, microtime(true) - $t0);
