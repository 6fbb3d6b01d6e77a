<?php
$mod_strings['LBL_LEADLOOP_SCORE'] = 'leadloop Score';
$mod_strings['LBL_LEADLOOP_SCORE_HELP'] = 'How well this lead fits the lead definition, 0 to 100. Written by leadloop on every sync.';
$mod_strings['LBL_LEADLOOP_GRADE'] = 'leadloop Grade';
$mod_strings['LBL_LEADLOOP_GRADE_HELP'] = 'Grade from A (best) to D, from the score. Written by leadloop.';
$mod_strings['LBL_LEADLOOP_STATUS'] = 'leadloop Status';
$mod_strings['LBL_LEADLOOP_STATUS_HELP'] = 'Lifecycle status set by leadloop: new, nurture, mql, disqualified; sal, sql, recycled, won, lost come from what sales does.';
$mod_strings['LBL_LEADLOOP_REASONS'] = 'leadloop Reasons';
$mod_strings['LBL_LEADLOOP_REASONS_HELP'] = 'Why the lead got this score and status.';
$mod_strings['LBL_LEADLOOP_SCORED_AT'] = 'leadloop Scored At';
$mod_strings['LBL_LEADLOOP_SCORED_AT_HELP'] = 'When leadloop last scored this lead.';
$mod_strings['LBL_LEADLOOP_SLA_DUE'] = 'leadloop Follow-up Due';
$mod_strings['LBL_LEADLOOP_SLA_DUE_HELP'] = 'Follow up with this lead before this time (service-level agreement).';
$mod_strings['LBL_LEADLOOP_RETURN_REASON'] = 'leadloop Return Reason';
$mod_strings['LBL_LEADLOOP_RETURN_REASON_HELP'] = 'Returns this lead to marketing: pick why. On its next sync leadloop puts the lead back in nurture with this reason and empties the field.';
