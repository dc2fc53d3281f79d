<?php
/*
 * Plugin Name: zo-reader test site helpers
 * Description: Copied into wp-content/mu-plugins by up.sh. Test site only.
 */
// Application Passwords need https unless the environment is "local"
// (wp-config sets WP_ENVIRONMENT_TYPE=local); this filter makes it explicit.
add_filter('wp_is_application_passwords_available', '__return_true');

// No mail on this machine: don't let PHPMailer try to run sendmail.
if (!function_exists('wp_mail')) {
    function wp_mail($to, $subject, $message, $headers = '', $attachments = array()) {
        return true;
    }
}
