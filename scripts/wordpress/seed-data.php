<?php
// Fixture content for seed.php, written for zo-reader's tests. Bodies are post_content as an
// editor would save it: mostly classic HTML (WordPress adds <p> on output), two posts
// in block-editor markup, one in Markdown (which WordPress does NOT convert).
// Placeholders: {{IMG_URL}} {{IMG_ID}} (the generated image), {{LINK:slug}} (another post).
// Titles deliberately contain ' " & -- ... so the API returns HTML entities in title.rendered.
// The post 'hostile-escapes' (near the end) carries terminal escape sequences on purpose.
return [
'categories' => [
    'relationships' => ['Relationships', 'Partners, friends, family: how we get closer and how we repair.'],
    'self-care'     => ['Self-care', 'Small, practical routines.'],
    'mental-health' => ['Mental Health', 'Mood, anxiety, grief - and when to ask for help.'],
    'work-life'     => ['Work & Life', 'Burnout, rest and the edges of the working day.'],
    'family'        => ['Family', 'Parents, children, and everyone in between.'],
],
'tags' => [
    'boundaries' => 'boundaries', 'communication' => 'communication', 'sleep' => 'sleep',
    'anxiety' => 'anxiety', 'mindfulness' => 'mindfulness', 'gratitude' => 'gratitude',
    'loneliness' => 'loneliness', 'conflict' => 'conflict', 'habits' => 'habits',
    'burnout' => 'burnout', 'friendship' => 'friendship', 'parenting' => 'parenting',
    'journaling' => 'journaling', 'exercise' => 'exercise', 'grief' => 'grief',
    'self-compassion' => 'self-compassion', 'rest-and-recovery' => 'Rest & Recovery',
    'digital-detox' => 'digital detox', 'hostile' => 'hostile',
],
'comments' => [
    ['how-to-set-boundaries-without-feeling-guilty', 'Priya N.', 'The part about saying it once, without a long justification, is exactly what I needed this week.', 95],
    ['how-to-set-boundaries-without-feeling-guilty', 'Tom', "I tried this with my manager & it went better than I expected. Still felt guilty, though!", 300],
    ['burnout-isnt-a-personal-failing', 'Jo', 'Sharing this with my team. "Recovery is not a reward" - yes.', 60],
],
'posts' => [
[
  'slug' => 'how-to-set-boundaries-without-feeling-guilty', 'title' => 'How to Set Boundaries Without Feeling Guilty',
  'author' => 'admin', 'cats' => ['relationships', 'self-care'], 'tags' => ['boundaries', 'communication', 'self-compassion'],
  'body' => <<<'HTML'
A boundary is not a wall. It is a plain description of what you will and won't do, so the people around you don't have to guess.

Most of the guilt comes from an old, unspoken rule: that other people's comfort matters more than yours. You can keep caring about them and still retire that rule.
<h2>Start small</h2>
<ul>
	<li>Pick one situation that drains you every week.</li>
	<li>Decide what you would like to happen instead.</li>
	<li>Say it once, kindly, without a long justification.</li>
</ul>
<h2>Expect some pushback</h2>
People who benefited from the old arrangement may test the new one. That is not proof you did something wrong; it is proof the boundary is new.

If a conversation feels too big to improvise, <a href="{{LINK:five-questions-before-a-hard-conversation}}">five questions to ask before a hard conversation</a> can help you prepare.
HTML
],
[
  'slug' => 'ten-minute-evening-wind-down', 'title' => 'The 10-Minute Evening Wind-Down',
  'author' => 'sam', 'cats' => ['self-care'], 'tags' => ['sleep', 'habits', 'mindfulness'],
  'body' => <<<'HTML'
You don't need an hour-long routine to sleep better. Ten minutes, done most nights, beats a perfect routine done twice.
<h2>The routine</h2>
<ol>
	<li><strong>Two minutes:</strong> dim the lights and put the phone on the charger, outside the bedroom if you can.</li>
	<li><strong>Three minutes:</strong> write tomorrow's first task on paper, so your brain can stop rehearsing it.</li>
	<li><strong>Five minutes:</strong> slow breathing - in for four, out for six - or a few gentle stretches.</li>
</ol>
Keep the order the same each night. The sameness is the point: it tells your body what comes next.

<em>Tip:</em> if you wake at 3 a.m. with a racing mind, the paper list from step two is still by the bed.
HTML
],
[
  'slug' => 'why-we-dont-say-what-we-mean', 'title' => "Why We Don't Say What We Mean",
  'author' => 'admin', 'cats' => ['relationships'], 'tags' => ['communication', 'conflict'],
  'body' => <<<'HTML'
"I'm fine" is one of the most overworked sentences in any relationship. We say it to avoid a fight, to avoid seeming needy, or because we haven't worked out what we feel yet.
<blockquote>The single biggest problem in communication is the illusion that it has taken place.</blockquote>
Indirectness isn't always bad. Hints protect both people's dignity, and small talk keeps a day moving. It becomes a problem when the same unspoken need keeps coming back.

Try naming the feeling before the request: "I felt left out when plans were made without me. Next time, could you check with me first?" It is shorter than a hint and much harder to misread.
HTML
],
[
  'slug' => 'sleep-and-mood', 'title' => 'Sleep & Mood: What the Research Says',
  'author' => 'sam', 'cats' => ['mental-health'], 'tags' => ['sleep', 'anxiety'],
  'body' => <<<'HTML'
Poor sleep and low mood feed each other. A bad night makes small problems feel large; worry makes it harder to fall asleep the next night.

Public-health guidance such as the <a href="https://www.cdc.gov/sleep/">CDC's sleep pages</a> suggests most adults need seven or more hours. The table below is illustrative, not medical advice.
<table>
<thead>
<tr><th>Typical night</th><th>What people often notice</th></tr>
</thead>
<tbody>
<tr><td>Under 6 hours</td><td>Irritability, shorter temper, more worry</td></tr>
<tr><td>6-7 hours</td><td>Mostly fine, afternoon slump</td></tr>
<tr><td>7-9 hours</td><td>Steadier mood, easier focus</td></tr>
</tbody>
</table>
<h3>What to try first</h3>
Keep a regular wake-up time, get daylight in the morning, and treat the bed as a place for sleep rather than scrolling. If low mood or sleeplessness lasts more than a few weeks, talk to a doctor.
HTML
],
[
  'slug' => 'beginners-guide-to-journaling', 'title' => "A Beginner's Guide to Journaling",
  'author' => 'admin', 'cats' => ['self-care'], 'tags' => ['journaling', 'mindfulness', 'habits'],
  'body' => <<<'HTML'
<!-- wp:paragraph -->
<p>Journaling has a reputation for being precious: leather notebooks, fountain pens, an hour of quiet. It doesn't have to be any of that.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2>Three ways to start</h2>
<!-- /wp:heading -->

<!-- wp:list -->
<ul><li><strong>One line a day.</strong> What happened, in a single sentence.</li><li><strong>Brain dump.</strong> Set a timer for five minutes and write without stopping.</li><li><strong>Prompt.</strong> "What am I avoiding?" works surprisingly often.</li></ul>
<!-- /wp:list -->

<!-- wp:paragraph -->
<p>Nobody will read it, so spelling and grammar don't matter. If privacy worries you, write on loose paper and throw it away &mdash; the benefit is in the writing, not the archive.</p>
<!-- /wp:paragraph -->
HTML
],
[
  'slug' => 'loneliness-is-common', 'title' => "Loneliness Is Common \xE2\x80\x94 and It's Fixable",
  'author' => 'sam', 'cats' => ['mental-health', 'relationships'], 'tags' => ['loneliness', 'friendship'], 'featured' => true,
  'body' => <<<'HTML'
Loneliness is not the same as being alone. Plenty of people feel it in a full office or a busy family kitchen; plenty of others live alone and feel fine.

<img class="alignnone size-full wp-image-{{IMG_ID}}" src="{{IMG_URL}}" alt="A calm lake under a pale evening sky" width="640" height="360" />

What helps is rarely a grand gesture. It is <em>repetition</em>: seeing the same people, in the same places, often enough that conversation stops being an effort.
<h2>Places that make repetition easy</h2>
<ul>
	<li>A weekly class or volunteering shift</li>
	<li>A regular walk with one neighbour</li>
	<li>A standing call with an old friend, same day every week</li>
</ul>
If loneliness has turned into hopelessness, please talk to someone you trust or a professional.
HTML
],
[
  'slug' => 'five-questions-before-a-hard-conversation', 'title' => 'Five Questions to Ask Before a Hard Conversation',
  'author' => 'admin', 'cats' => ['relationships'], 'tags' => ['conflict', 'communication', 'boundaries'],
  'body' => <<<'HTML'
Preparation is not the same as scripting. You can't control how the other person responds, but you can know what you are there for.
<h3>1. What do I actually want?</h3>
An apology, a change, or simply to be heard? Each needs a different conversation.
<h3>2. What do I think they want?</h3>
Guessing is fine. It reminds you that there are two sides.
<h3>3. When and where?</h3>
Not by text, not at 11 p.m., not in front of the children.
<h3>4. What's my first sentence?</h3>
Start with the relationship, not the complaint: "I want us to be okay, and something's been bothering me."
<h3>5. What will I do if it goes badly?</h3>
Pausing is allowed. "Can we pick this up tomorrow?" is a complete sentence.
HTML
],
[
  'slug' => 'burnout-isnt-a-personal-failing', 'title' => "Burnout Isn't a Personal Failing",
  'author' => 'sam', 'cats' => ['work-life'], 'tags' => ['burnout', 'rest-and-recovery', 'boundaries'],
  'body' => <<<'HTML'
Burnout tends to arrive slowly: first the evenings go, then the weekends, then the things that used to recharge you stop working.
<!--more-->
It is tempting to treat it as a character flaw - if I were tougher, more organised, more grateful, I'd cope. But burnout is a mismatch between demands and resources, and both sides of that equation can change.
<h2>Look at the demands</h2>
Which tasks could be dropped, delegated or done less perfectly? Write them down; vague overwhelm is harder to negotiate than a list.
<h2>Look at the resources</h2>
Sleep, food, movement, people who are on your side. Recovery is not a reward you earn after the work is done. It is part of the work.
HTML
],
[
  'slug' => 'small-habits-big-shifts', 'title' => 'Small Habits, Big Shifts',
  'author' => 'admin', 'cats' => ['self-care'], 'tags' => ['habits', 'exercise'],
  'body' => <<<'HTML'
Big resolutions fail for a boring reason: they need motivation every single day. Small habits need almost none.

Attach the new habit to something you already do, and make it so small it feels silly.
<table>
<thead>
<tr><th>After I...</th><th>I will...</th><th>Takes</th></tr>
</thead>
<tbody>
<tr><td>pour my morning coffee</td><td>drink a glass of water</td><td>30 s</td></tr>
<tr><td>sit down at my desk</td><td>stretch my shoulders</td><td>1 min</td></tr>
<tr><td>brush my teeth at night</td><td>write one line in a journal</td><td>1 min</td></tr>
</tbody>
</table>
Once a habit is automatic, grow it a little. Two push-ups become five; one line becomes a paragraph.
HTML
],
[
  'slug' => 'staying-close-long-distance', 'title' => 'Staying Close When You Live Far Apart',
  'author' => 'sam', 'cats' => ['relationships', 'family'], 'tags' => ['communication', 'friendship', 'loneliness'],
  'body' => <<<'HTML'
Distance changes the texture of a relationship. The small, unplanned moments - a shared meal, a look across a room - are the first to go.

You can't recreate them exactly, but you can make room for smaller versions:
<ul>
	<li>Send the photo you'd otherwise only describe later.</li>
	<li>Watch the same film at the same time, with a call running.</li>
	<li>Keep a shared note of things to tell each other.</li>
</ul>
And schedule the visits. A date on the calendar turns "we should" into something to look forward to.
HTML
],
[
  'slug' => 'grief-doesnt-follow-a-schedule', 'title' => "Grief Doesn't Follow a Schedule",
  'author' => 'admin', 'cats' => ['mental-health'], 'tags' => ['grief', 'self-compassion'],
  'excerpt' => 'The famous "stages" were never meant as a timetable. Grief comes in waves, and that is normal.',
  'body' => <<<'HTML'
People often expect grief to move in a straight line: shock, sadness, acceptance, done. Most people find it comes in waves instead, sometimes months or years later, set off by a song or a smell.
<blockquote>Grief is love with nowhere to go.</blockquote>
There is no correct amount of crying and no deadline for feeling better. What helps is usually ordinary: eating, sleeping, letting people bring food, talking about the person you lost.

If grief makes daily life impossible for a long time, a counsellor who specialises in bereavement can help.
HTML
],
[
  'slug' => 'the-good-enough-parent', 'title' => 'The "Good Enough" Parent',
  'author' => 'sam', 'cats' => ['family'], 'tags' => ['parenting', 'self-compassion'],
  'body' => <<<'HTML'
The idea of the "good enough" parent comes from the paediatrician Donald Winnicott. Children don't need perfection; they need someone who gets it right often enough and repairs when they get it wrong.

Repair is the important part. Saying "I shouldn't have shouted, I'm sorry" teaches a child more than never shouting at all: it shows that mistakes can be survived and relationships mended.
<h2>Good enough looks like</h2>
<ul>
	<li>Meals that are sometimes toast.</li>
	<li>Screens on a rainy Sunday.</li>
	<li>A parent who rests, so they have something left to give.</li>
</ul>
HTML
],
[
  'slug' => 'walking-as-therapy', 'title' => 'Walking as Therapy',
  'author' => 'admin', 'cats' => ['self-care', 'mental-health'], 'tags' => ['exercise', 'mindfulness', 'anxiety'],
  'body' => <<<'HTML'
Walking is the most underrated mental-health tool there is. It is free, needs no kit, and works at almost any fitness level.

Side-by-side conversations are often easier than face-to-face ones, which is why so many difficult talks happen in cars and on walks. Alone, a walk gives anxious thoughts somewhere to go.

The <a href="https://www.nhs.uk/live-well/exercise/">NHS exercise guidelines</a> count brisk walking as moderate activity. Start with ten minutes after lunch, and see <a href="{{LINK:small-habits-big-shifts}}">Small Habits, Big Shifts</a> for making it stick.
HTML
],
[
  'slug' => 'digital-detox-weekend', 'title' => 'Digital Detox: A Weekend Experiment',
  'author' => 'sam', 'cats' => ['work-life'], 'tags' => ['digital-detox', 'sleep', 'habits'],
  'body' => <<<'MD'
This post was pasted in as Markdown. WordPress stores and shows it as plain text.

## The rules

- Phone in a drawer from Friday 8 p.m. to Sunday 8 p.m.
- Laptop only for one planned film
- A paper map for the Saturday walk

## What happened

**Friday** was twitchy. I reached for my pocket roughly every *ten minutes*.

By **Saturday afternoon** the itch had faded, and I read 120 pages of a novel.

> I slept an hour longer on both nights.

See [the wind-down routine]({{LINK:ten-minute-evening-wind-down}}) for what I kept afterwards.
MD
],
[
  'slug' => 'gratitude-without-toxic-positivity', 'title' => 'Gratitude Without the Toxic Positivity',
  'author' => 'admin', 'cats' => ['mental-health'], 'tags' => ['gratitude', 'journaling', 'self-compassion'],
  'body' => <<<'HTML'
"Just be grateful" is unhelpful advice when you are struggling. Real gratitude doesn't cancel out hard feelings; it sits next to them.

A gentler practice: at the end of the day, write down one thing that was hard and one thing that helped, even a little. The hard thing gets acknowledged. The good thing gets noticed.

Over a few weeks, the "helped" list tends to show patterns - people, places and habits worth more of your time.
HTML
],
[
  'slug' => 'how-couples-can-fight-fair', 'title' => 'How Couples Can Fight Fair',
  'author' => 'sam', 'cats' => ['relationships'], 'tags' => ['conflict', 'communication', 'boundaries'],
  'body' => <<<'HTML'
Every couple argues. What matters is whether arguments end with more understanding or more distance.
<h2>Fair and unfair moves</h2>
<table>
<thead>
<tr><th>Fair</th><th>Unfair</th></tr>
</thead>
<tbody>
<tr><td>"I feel hurt when..."</td><td>"You always..."</td></tr>
<tr><td>One issue at a time</td><td>Bringing up last year</td></tr>
<tr><td>Taking a 20-minute break</td><td>Walking out without a word</td></tr>
<tr><td>Repairing afterwards</td><td>Pretending it never happened</td></tr>
</tbody>
</table>
<h2>The break rule</h2>
When either of you is flooded - heart racing, thinking in absolutes - agree to pause and say when you'll come back. Then come back.
HTML
],
[
  'slug' => 'when-anxiety-shows-up-at-work', 'title' => 'When Anxiety Shows Up at Work',
  'author' => 'admin', 'cats' => ['work-life', 'mental-health'], 'tags' => ['anxiety', 'burnout', 'mindfulness'],
  'body' => <<<'HTML'
Work anxiety often hides as productivity: checking email one more time, rewriting a message five times, saying yes to everything.
<h2>In the moment</h2>
<ul>
	<li>Ground yourself: name five things you can see.
<ul>
	<li>Then four you can hear.</li>
	<li>Then three you can touch.</li>
</ul>
</li>
	<li>Lengthen the out-breath.</li>
	<li>Write the worry down, with a time to look at it later.</li>
</ul>
<h2>Over weeks</h2>
Notice which meetings or tasks trigger it, and talk to your manager or occupational health if it is getting in the way. Anxiety is common and treatable.
HTML
],
[
  'slug' => 'making-friends-as-an-adult', 'title' => "Making Friends as an Adult (It's Awkward, and That's OK)",
  'author' => 'sam', 'cats' => ['relationships'], 'tags' => ['friendship', 'loneliness'],
  'body' => <<<'HTML'
As a child, friendship happened to you: same class, same street. As an adult, it takes intention, and intention feels awkward.

Everyone is waiting for someone else to suggest coffee. Be the one who suggests coffee. Most people are relieved to be asked.

Friendships take time - many hours together before an acquaintance feels like a friend. That is not a reason to give up; it is a reason to start now, and to <a href="{{LINK:loneliness-is-common}}">keep showing up</a>.
HTML
],
[
  'slug' => 'rest-is-productive', 'title' => "Rest Is Productive -- Here's Why...",
  'author' => 'admin', 'cats' => ['work-life', 'self-care'], 'tags' => ['rest-and-recovery', 'sleep', 'burnout'], 'sticky' => true,
  'body' => <<<'HTML'
We treat rest as the absence of work, something squeezed into the gaps. It works better as a plan.

A simple breathing pattern for a two-minute break:
<pre>breathe in   . . . .        (4)
hold         . . . . . . .  (7)
breathe out  . . . . . . . . (8)</pre>
Different kinds of rest restore different things: sleep for the body, quiet for an overstimulated mind, time with friends for the part of you that has been "on" for others all day.

Put one kind of rest in your calendar this week, with the same priority as a meeting.
HTML
],
[
  'slug' => 'cafe-conversations-talking-with-teens', 'title' => 'Café Conversations: Talking With Teens',
  'author' => 'sam', 'cats' => ['family'], 'tags' => ['parenting', 'communication'],
  'body' => <<<'HTML'
Teenagers talk more when they don't feel interviewed. A café, a car ride or a shared task takes the spotlight off them. 🙂

Ask about their world rather than their feelings: the game, the group chat drama, the song on repeat. Feelings tend to follow.

Résumé of what works: <strong>listen more than you advise</strong>, don't repeat their secrets at the dinner table, and accept that "fine" is sometimes the whole answer - for now.
HTML
],
// Hostile input for a terminal reader: terminal control sequences in the title and the body.
// Double-quoted PHP strings, so \x1b is a real ESC byte. seed.php inserts posts with kses off
// (as an administrator with unfiltered_html would), so WordPress stores these bytes unchanged.
// What the REST API returns (checked with curl on WordPress 6.1.9; JSON escapes them as
// \u001b, \u0007, \u009b, \b):
//   title.rendered   every byte survives: 'Escapes \x1b]0;pwned\x07 in a title'
//   content.rendered every byte survives (ESC [2J, ESC ]52;...BEL, U+009B, BS), inside <p>
//                    added by wpautop; only the straight quotes around hello become
//                    &#8220;/&#8221; (wptexturize)
//   excerpt.rendered the automatic excerpt keeps them too (the first 55 words, tags stripped)
// Posted by a user without unfiltered_html (an author, or through kses), wp_kses_no_null would
// strip the C0 controls (ESC, BEL, BS) but keep U+009B; a reader cannot count on either.
[
  'slug' => 'hostile-escapes', 'title' => "Escapes \x1b]0;pwned\x07 in a title",
  'author' => 'admin', 'cats' => ['self-care'], 'tags' => ['hostile'],
  'body' => "This post looks ordinary, but it carries terminal control sequences. A reader must show them as harmless text or drop them; it must never pass them to the terminal.\n\n"
    . "Clear screen: before\x1b[2Jafter. A terminal that receives the bytes raw wipes what it shows.\n\n"
    . "Clipboard write: \x1b]52;c;aGVsbG8=\x07 (OSC 52 puts \"hello\" on the clipboard of a terminal that allows it).\n\n"
    . "C1 control: \xc2\x9b31mred (U+009B, CSI as one code point) and a back\x08space.\n\n"
    . "The end: an ordinary paragraph after the hostile ones.",
],
[
  'slug' => 'notes-on-forgiveness', 'title' => 'Notes on Forgiveness (draft)', 'status' => 'draft',
  'author' => 'admin', 'cats' => ['relationships'], 'tags' => ['conflict', 'self-compassion'],
  'body' => 'Unfinished. This draft must not appear in the public REST API.',
],
],
// Vocabulary for ZO_READER_WP_EXTRA_POSTS=N: seed.php builds N more published posts from it
// (deterministically, with a fixed random seed). Titles are opener + topic + ending, each
// combination used once; bodies mix paragraphs, one heading and one list.
'generated' => [
    // 12 tags that only the generated posts use; with the fixture's 18 they make a pool of 30.
    'tags' => [
        'resilience' => 'resilience', 'motivation' => 'motivation', 'nutrition' => 'nutrition',
        'stress' => 'stress', 'trust' => 'trust', 'marriage' => 'marriage', 'siblings' => 'siblings',
        'self-esteem' => 'self-esteem', 'focus' => 'focus', 'nature' => 'nature',
        'therapy' => 'therapy', 'routines' => 'routines',
    ],
    'openers' => [
        'A Practical Guide to', 'Rethinking', 'Five Myths About', 'What Nobody Tells You About',
        'Small Steps Toward', 'The Quiet Work of', 'Notes on', 'Questions to Ask About',
        'A Week of', 'Making Room for', 'Why We Struggle With', 'Getting Better at',
        'Starting Over With', 'The Case for', 'Honest Answers About',
    ],
    'topics' => [
        'Better Sleep', 'Hard Conversations', 'Saying No', 'Everyday Stress', 'Screen Time',
        'Old Friendships', 'Family Holidays', 'Morning Routines', 'Working From Home',
        'Asking for Help', 'Self-Criticism', 'Grief at Work', 'New Parenthood', 'Long Walks',
        'Quiet Evenings', 'Apologies', 'Trust After a Fight', 'Moving to a New City',
        'Anxiety Before the Week Starts', 'Boundaries With Parents', 'Sibling Rivalry', 'Eating Well on a Budget',
        'Therapy', 'Loneliness in Your Thirties', 'Digital Rest',
    ],
    'endings' => [
        '', '', '', ': A Field Guide', ' (Without the Guilt)', ' in Ten Minutes a Day',
        ': What Helped Our Readers', ' When Life Is Busy',
    ],
    'headings' => [
        'Where to start', 'What gets in the way', 'A small experiment', 'When it does not work',
        'What the research suggests', 'Try this week', 'Questions worth asking', 'A note on setbacks',
    ],
    // {topic} becomes the post's topic in lower case. A post draws sentences without repeats
    // until all have been used.
    'sentences' => [
        'Most of us learn about {topic} by accident, long before anyone names it.',
        'There is no single right way to approach {topic}, and that is good news.',
        'Change rarely arrives as a breakthrough; it usually looks like a slightly better Tuesday.',
        'It helps to notice what you already do well before you try to fix anything.',
        'Readers often write to us about {topic} when something else in their life has shifted.',
        'A small, repeatable step beats a perfect plan that you abandon by Friday.',
        'If you share a home, talk about it when you are both calm, not in the middle of a bad evening.',
        'Write down what happened, what you felt and what you needed; the three are easy to confuse.',
        'Progress with {topic} is uneven, and a setback is information rather than a verdict.',
        'Ask one person you trust how they handle it; you will usually learn something unexpected.',
        'Sleep, food and movement are not the whole answer, but they make every other answer easier.',
        'You can care about other people and still decide that your own limits matter.',
        'Try the idea for two weeks before you judge it, and keep notes so you can compare honestly.',
        'Nothing here replaces professional help when you are struggling; it is a place to start.',
        'The first attempt will feel awkward, which is a sign that it is new, not that it is wrong.',
        'When {topic} feels overwhelming, shrink the task until it takes five minutes.',
        'Children and teenagers watch what adults do far more closely than they listen to what we say.',
        'Kindness toward yourself is not the same as letting yourself off the hook.',
        'Plans made at midnight tend to be harsher than plans made over breakfast.',
        'It is worth asking what {topic} would look like if it were a little easier.',
        'Many people find that saying the plan out loud to a friend makes it more likely to happen.',
        'Rest is part of the work, not a reward for finishing it.',
        'A walk outside, even a short one, changes the tone of a difficult day more often than not.',
        'If a conversation goes badly, you can come back to it; very few talks are one-time chances.',
        'Look for the moment just before things usually go wrong, and change only that moment.',
        'Habits stick when they are tied to something you already do every day.',
        'Perfection is a poor measure; ask instead whether this week was a little more livable.',
        'The people around you may need time to adjust when you change how you respond.',
        'Curiosity works better than criticism, especially when the person you are criticising is you.',
        'Keep a short list of what helped last time, because you will forget it when you need it most.',
    ],
    'items' => [
        'Pick one evening this week and protect it.', 'Write three lines before bed.',
        'Put the phone in another room for the first hour of the day.',
        'Name the feeling before you answer.', 'Ask for one specific thing, not everything at once.',
        'Take a ten-minute walk after lunch.', 'Drink a glass of water before your second coffee.',
        'Say no once, kindly, without a long explanation.', 'Schedule a call with an old friend.',
        'Notice when you hold your breath.', 'Choose a regular time to go to bed.',
        'Leave one task unfinished on purpose.', 'Thank someone for something small.',
        'Check in with yourself at noon: tired, hungry, tense or fine?',
        'Agree on a pause word for arguments.', 'Spend five minutes outdoors without headphones.',
    ],
],
];
