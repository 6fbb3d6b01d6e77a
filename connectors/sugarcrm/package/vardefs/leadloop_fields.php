<?php
// leadloop writes these fields; reps read them. Keep them out of mass update and merges,
// and say in the help text that leadloop overwrites them on every sync.
foreach (array('leadloop_score_c', 'leadloop_grade_c', 'leadloop_status_c', 'leadloop_reasons_c', 'leadloop_scored_at_c', 'leadloop_sla_due_c') as $leadloopField) {
    $dictionary['Lead']['fields'][$leadloopField]['massupdate'] = false;
    $dictionary['Lead']['fields'][$leadloopField]['duplicate_merge'] = 'disabled';
    $dictionary['Lead']['fields'][$leadloopField]['importable'] = 'false';
    $dictionary['Lead']['fields'][$leadloopField]['comments'] = 'Written by leadloop';
}
$dictionary['Lead']['fields']['leadloop_score_c']['min'] = 0;
$dictionary['Lead']['fields']['leadloop_score_c']['max'] = 100;
$dictionary['Lead']['fields']['leadloop_reasons_c']['rows'] = 6;
$dictionary['Lead']['fields']['leadloop_reasons_c']['cols'] = 80;
// Reps choose this one (a return to marketing); leadloop only empties it once it has recorded the return.
$dictionary['Lead']['fields']['leadloop_return_reason_c']['massupdate'] = true;
$dictionary['Lead']['fields']['leadloop_return_reason_c']['comments'] = 'Chosen by a rep to return the lead to marketing; emptied by leadloop once recorded';
