"""Runs the hot-counter example under the profiler and checks ame-report's
account of it against what the program measured itself.

  profile_check.py PROGRAM AME_REPORT WORKDIR READ_LINE WRITE_LINE

READ_LINE takes the ticket from the hot counter, WRITE_LINE increments it.
Checked: the top pair is the hot counter's read and write; the profile holds
every abort the program counted (ame_stats_thread around each block), each
blamed on the block it happened in; and the hot block's share of the wasted
time in the report is within 10 points of its share of the time the
program measured lost (a clock around each block: the time of blocks that
aborted beyond what a block that did not abort takes). Both see a thread
preempted inside an attempt, which wastes a whole time slice at once; the
program's measure also holds the backoff between attempts, which the
profile leaves out. While another process holds one of the two cores, the
threads seldom overlap and hardly conflict, so the run is repeated, longer
each time, up to three times, until one has enough conflicts.
"""
import json
import re
import shutil
import subprocess
import sys

program, ame_report, work = sys.argv[1], sys.argv[2], sys.argv[3]
read_line, write_line = int(sys.argv[4]), int(sys.argv[5])
REQUESTS = (200000, 1000000, 3000000)


def attempt(n):
    prof = '%s.%d.ameprof' % (work, n)
    out = subprocess.run([program, '2', str(REQUESTS[n])],
                         env={'AME_PROFILE': prof},
                         capture_output=True, text=True, check=True).stdout
    report = json.loads(subprocess.run(
        [ame_report, '--top', '1000', '--json', prof], capture_output=True,
        text=True, check=True).stdout)
    m = re.search(r'aborts: (\d+) in blocks that count requests \([\d.]+%\), '
                  r'(\d+) in blocks that append', out)
    t = re.search(r'time lost: [\d.]+ ms in blocks that count requests '
                  r'\(([\d.]+)%\)', out)
    if not m or not t:
        sys.exit('no abort counts or lost time in the program output:\n' + out)
    hot, cold = int(m.group(1)), int(m.group(2))
    measured_share = float(t.group(1))
    if report['header']['aborts'] != hot + cold:
        sys.exit('profile has %d aborts, the program counted %d'
                 % (report['header']['aborts'], hot + cold))
    if report['pairs_total'] > len(report['pairs']):
        sys.exit('the report left pairs out')
    # Every abort is blamed on its block: the hot block's region is the line
    # before the ticket is taken.
    in_hot = sum(r['aborts'] for p in report['pairs'] for r in p['regions']
                 if r['site']['line'] == read_line - 1)
    if in_hot != hot:
        sys.exit('the report puts %d aborts in the hot block, the program '
                 'counted %d' % (in_hot, hot))
    if hot < 50:
        return 'only %d aborts in the hot block' % hot
    top = report['pairs'][0]
    site, other = top['site'], top['other_site']
    if (site['line'], site['kind'], other['line'], other['kind']) != \
            (read_line, 'read', write_line, 'write') or \
            site['what'] != 'struct server.requests' or \
            other['what'] != 'struct server.requests':
        return 'top pair is not the hot counter: %s vs %s' % (
            site['location'], other['location'])
    # The hot block's wasted time: its pairs, by the region of each abort.
    wasted = report['header']['wasted_ns']
    hot_ns = sum(p['wasted_ns'] * r['aborts'] / p['aborts']
                 for p in report['pairs'] for r in p['regions']
                 if r['site']['line'] == read_line - 1)
    share = 100.0 * hot_ns / wasted if wasted else 0.0
    print('top pair: %s %s of %s <- %s %s of %s' % (
        site['location'], site['kind'], site['what'], other['location'],
        other['kind'], other['what']))
    print('hot counter: %.1f%% of wasted time in the report, %.1f%% of the '
          'time the program measured lost' % (share, measured_share))
    if abs(share - measured_share) > 10:
        return 'the shares differ by more than 10 points'
    return None


for n in range(len(REQUESTS)):
    why = attempt(n)
    if why is None:
        # The text report is checked on the run that agreed.
        shutil.copyfile('%s.%d.ameprof' % (work, n), work + '.ameprof')
        sys.exit(0)
    print('run %d: %s' % (n + 1, why))
sys.exit('no run agreed')
